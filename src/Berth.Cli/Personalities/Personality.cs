using Berth.Cli.CommandLine;

namespace Berth.Cli.Personalities;

/// <summary>
/// One binary, several tools: <c>berth</c> is podman's tree plus <c>berth buildah …</c> and <c>berth skopeo …</c>;
/// started through a link named podman, docker, buildah or skopeo it is that tool.
/// </summary>
public static class Personality
{
    /// <summary>The base name of argv[0], the name the user typed (not the resolved binary).</summary>
    public static string InvokedName()
    {
        try
        {
            var cmdline = File.ReadAllBytes("/proc/self/cmdline");
            var end = Array.IndexOf(cmdline, (byte)0);
            var argv0 = System.Text.Encoding.UTF8.GetString(cmdline, 0, end < 0 ? cmdline.Length : end);
            return Path.GetFileName(argv0);
        }
        catch (IOException)
        {
            return "berth";
        }
    }

    public static CommandSpec RootFor(string invokedName) => invokedName switch
    {
        "podman" or "docker" => PodmanTree.Create(invokedName),
        "buildah" => BuildahTree.Create("buildah"),
        "skopeo" => SkopeoTree.Create("skopeo"),
        _ => PodmanTree.Create("berth").AddLazy("buildah", () => BuildahTree.Create("buildah")).AddLazy("skopeo", () => SkopeoTree.Create("skopeo")),
    };
}
