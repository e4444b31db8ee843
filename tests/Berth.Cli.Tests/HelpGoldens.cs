using Berth.Cli.CommandLine;
using Berth.Cli.Personalities;

namespace Berth.Cli.Tests;

/// <summary>
/// Help recorded from podman (<c>Golden/&lt;area&gt;/podman-&lt;words&gt;-help.txt</c>, each area's <c>record.sh</c>) and
/// the podman tree's commands, for the areas' golden tests.
/// </summary>
internal static class HelpGoldens
{
    private static readonly CommandSpec Root = PodmanTree.Create("podman");

    public static string Directory(string area) => Path.Combine(AppContext.BaseDirectory, "Golden", area);

    /// <summary>The recorded help files of <paramref name="area"/>, by name.</summary>
    public static TheoryData<string> Files(string area)
    {
        var data = new TheoryData<string>();
        foreach (var file in System.IO.Directory.GetFiles(Directory(area), "podman-*-help.txt").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    /// <summary>Berth's help of the command a file is named after, and the recorded text.</summary>
    public static (string Expected, string Actual) Compare(string area, string file) =>
        (File.ReadAllText(Path.Combine(Directory(area), file)), HelpWriter.Render(Command(file["podman-".Length..^"-help.txt".Length].Replace('-', ' '))));

    /// <summary>The command at a path of words ("pod ls"); fails when one is missing.</summary>
    public static CommandSpec Command(string path)
    {
        var command = Root;
        foreach (var w in path.Split(' '))
        {
            command = command.FindSubcommand(w) ?? throw new InvalidOperationException($"no command {w}");
        }

        return command;
    }
}
