using Berth.Cli.Output;
using Berth.Engine.Images;

namespace Berth.Cli.Tests;

/// <summary>podman 4.3's image tree text (libimage Image.Tree through gotree v3), byte for byte.</summary>
public sealed class ImageTreeOutputTests
{
    private static LayerTreeNode Node(char c, long size, LayerTreeNode? parent, params string[] tags)
    {
        var node = new LayerTreeNode { Id = new string(c, 64), Size = size, Parent = parent };
        node.Tags.AddRange(tags);
        parent?.Children.Add(node);
        return node;
    }

    [Fact]
    public void Render_ImageLayers_BaseFirstWithTopLayerTags()
    {
        var base0 = Node('a', 1_234_567, null);
        var top = Node('b', 512, base0, "localhost/app:latest", "localhost/app:1");
        var data = new ImageTreeData("0123456789abcdef" + new string('0', 48), ["localhost/app:latest", "localhost/app:1"], 1_236_000, true, top);

        var text = ImageTreeOutput.Render(data, whatRequires: false);

        Assert.Equal(
            "Image ID: 0123456789ab\n" +
            "Tags:     [localhost/app:latest localhost/app:1]\n" +
            "Size:     1.236MB\n" +
            "Image Layers\n" +
            "├── ID: aaaaaaaaaaaa Size: 1.235MB\n" +
            "└── ID: bbbbbbbbbbbb Size:    512B Top Layer of: [localhost/app:latest localhost/app:1]\n",
            text);
    }

    [Fact]
    public void Render_WhatRequires_BranchesWhereALayerHasSeveralChildren()
    {
        var base0 = Node('a', 2_000, null, "localhost/base:latest");
        var c1 = Node('c', 3_000, base0, "localhost/one:latest");
        Node('d', 4_000_000, c1, "localhost/three:latest");
        Node('e', 5_000, base0);
        var data = new ImageTreeData(new string('f', 64), ["localhost/base:latest"], 2_500, true, base0);

        var text = ImageTreeOutput.Render(data, whatRequires: true);

        Assert.Equal(
            "Image ID: ffffffffffff\n" +
            "Tags:     [localhost/base:latest]\n" +
            "Size:     2.5kB\n" +
            "Image Layers\n" +
            "├── ID: aaaaaaaaaaaa Size:     2kB Top Layer of: [localhost/base:latest]\n" +
            "├── ID: cccccccccccc Size:     3kB Top Layer of: [localhost/one:latest]\n" +
            "│   └── ID: dddddddddddd Size:     4MB Top Layer of: [localhost/three:latest]\n" +
            "└── ID: eeeeeeeeeeee Size:     5kB\n",
            text);
    }

    [Fact]
    public void Render_ImageWithoutLayers_SaysSo()
    {
        var data = new ImageTreeData(new string('1', 64), [], 700, false, null);

        Assert.Equal("Image ID: 111111111111\nTags:     []\nSize:     700B\nNo Image Layers\n", ImageTreeOutput.Render(data, whatRequires: false));
    }
}
