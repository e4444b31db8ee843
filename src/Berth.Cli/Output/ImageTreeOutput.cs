using System.Text;
using Berth.Engine.Images;
using Berth.Templates;

namespace Berth.Cli.Output;

/// <summary>
/// podman 4.3 image tree (libimage Image.Tree printed by gotree v3): a header with the short ID, the tags as Go prints a
/// []string, the size, then the layers base first — or, with <c>--whatrequires</c>, the image's top layer and every layer
/// built on it, branching where a layer has several children.
/// </summary>
public static class ImageTreeOutput
{
    public static string Render(ImageTreeData image, bool whatRequires)
    {
        var header = new StringBuilder()
            .Append("Image ID: ").Append(image.Id[..12]).Append('\n')
            .Append("Tags:     ").Append(GoStrings(image.RepoTags)).Append('\n')
            .Append("Size:     ").Append(Units.HumanSizeWithPrecision(image.Size, 4)).Append('\n')
            .Append(image.HasLayers ? "Image Layers" : "No Image Layers")
            .ToString();
        var root = new TextTree(header);
        if (whatRequires)
        {
            if (image.TopLayer is { } top)
            {
                AddWithChildren(top, root);
            }

            return root.Print();
        }

        // libimage walks from the top layer down and adds the lines in reverse: the base layer comes first.
        var lines = new List<string>();
        for (var node = image.TopLayer; node is not null; node = node.Parent)
        {
            lines.Add(Line(node));
        }

        for (var i = lines.Count - 1; i >= 0; i--)
        {
            root.Add(lines[i]);
        }

        return root.Print();
    }

    /// <summary>imageTreeTraverseChildren: an only child continues its parent's list; siblings each open a branch.</summary>
    private static void AddWithChildren(LayerTreeNode node, TextTree parent)
    {
        TextTree next;
        if (node.Parent is null || node.Parent.Children.Count <= 1)
        {
            parent.Add(Line(node));
            next = parent;
        }
        else
        {
            next = new TextTree(Line(node));
            parent.AddTree(next);
        }

        foreach (var child in node.Children)
        {
            AddWithChildren(child, next);
        }
    }

    /// <summary><c>ID: %s Size: %7v%s</c> with <c> Top Layer of: [tags]</c> when images end here.</summary>
    private static string Line(LayerTreeNode node)
    {
        var size = Units.HumanSizeWithPrecision(node.Size, 4).PadLeft(7);
        var tags = node.Tags.Count > 0 ? " Top Layer of: " + GoStrings(node.Tags) : "";
        return $"ID: {node.Id[..12]} Size: {size}{tags}";
    }

    /// <summary>Go's %s of a []string: <c>[a b]</c>.</summary>
    private static string GoStrings(IReadOnlyList<string> values) => "[" + string.Join(' ', values) + "]";

    /// <summary>gotree v3: a text and items; Print draws ├── / └── with │ continuation, four columns a level.</summary>
    private sealed class TextTree(string text)
    {
        private readonly List<TextTree> _items = [];

        private string Text { get; } = text;

        public void Add(string child) => _items.Add(new TextTree(child));

        public void AddTree(TextTree tree) => _items.Add(tree);

        public string Print()
        {
            var sb = new StringBuilder(Text).Append('\n');
            PrintItems(sb, _items, []);
            return sb.ToString();
        }

        private static void PrintItems(StringBuilder sb, List<TextTree> items, List<bool> spaces)
        {
            for (var i = 0; i < items.Count; i++)
            {
                var last = i == items.Count - 1;
                PrintText(sb, items[i].Text, spaces, last);
                if (items[i]._items.Count > 0)
                {
                    PrintItems(sb, items[i]._items, [.. spaces, last]);
                }
            }
        }

        private static void PrintText(StringBuilder sb, string text, List<bool> spaces, bool last)
        {
            var prefix = string.Concat(spaces.Select(s => s ? "    " : "│   "));
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var indicator = i == 0 ? (last ? "└── " : "├── ") : (last ? "    " : "│   ");
                sb.Append(prefix).Append(indicator).Append(lines[i]).Append('\n');
            }
        }
    }
}
