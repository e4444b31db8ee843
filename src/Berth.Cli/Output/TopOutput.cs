using Berth.Runtime.Top;
using Berth.Templates;

namespace Berth.Cli.Output;

/// <summary><c>top</c>'s table: podman prints each tab-joined line through report.NewWriterDefault (tabwriter 12, 2, 2, ' ').</summary>
public static class TopOutput
{
    public static void Write(TextWriter output, TopTable table)
    {
        var writer = new TabWriter(output, 12, 2, 2, ' ', TabWriterFlags.None);
        foreach (var line in table.ToTabSeparatedLines())
        {
            writer.Write(line);
            writer.Write('\n');
        }

        writer.Flush();
    }
}
