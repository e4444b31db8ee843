using System.Text;

namespace Berth.Runtime.Files;

/// <summary>What /run/.containerenv describes.</summary>
public sealed record ContainerEnvInput
{
    public required string Name { get; init; }
    public required string Id { get; init; }

    /// <summary>The image name the container was created from ("" when none).</summary>
    public string Image { get; init; } = "";

    public string ImageId { get; init; } = "";
    public bool Rootless { get; init; }
    public bool Privileged { get; init; }

    /// <summary>Berth's version, written as <c>engine="berth-VERSION"</c> where podman writes <c>podman-VERSION</c>.</summary>
    public required string EngineVersion { get; init; }

    /// <summary>A volume is mounted at the graph root (podman then appends <c>graphRootMounted=1</c>).</summary>
    public bool GraphRootMounted { get; init; }
}

/// <summary>/run/.containerenv as podman 4.3 writes it.</summary>
public static class ContainerEnvFile
{
    /// <summary>
    /// The file's text: empty for an unprivileged container (podman's rule), the engine, name, id, image, imageid and
    /// rootless keys for a privileged one. Values are quoted like Go's %q.
    /// </summary>
    public static string Build(ContainerEnvInput input)
    {
        // podman appends the flag without a newline.
        var graphRoot = input.GraphRootMounted ? "graphRootMounted=1" : "";
        if (!input.Privileged)
        {
            return graphRoot;
        }

        var text = new StringBuilder();
        text.Append("engine=").Append(Quote("berth-" + input.EngineVersion)).Append('\n');
        text.Append("name=").Append(Quote(input.Name)).Append('\n');
        text.Append("id=").Append(Quote(input.Id)).Append('\n');
        text.Append("image=").Append(Quote(input.Image)).Append('\n');
        text.Append("imageid=").Append(Quote(input.ImageId)).Append('\n');
        text.Append("rootless=").Append(input.Rootless ? '1' : '0').Append('\n');
        text.Append(graphRoot);
        return text.ToString();
    }

    // Go's strconv.Quote for the printable ASCII that names and IDs are made of; other characters escaped as \u.
    private static string Quote(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\t': text.Append("\\t"); break;
                case '\r': text.Append("\\r"); break;
                default:
                    if (c < 0x20 || c == 0x7f)
                    {
                        text.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        return text.Append('"').ToString();
    }
}
