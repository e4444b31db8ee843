namespace Berth.Runtime.Tests.Files;

/// <summary>Files recorded from podman 4.3.1 by Golden/podman-4.3/files/record.sh.</summary>
internal static class FilesGolden
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "Golden", "podman-4.3", "files");

    public static string Text(string name) => File.ReadAllText(Path.Combine(Dir, name));

    public static string PathOf(string name) => Path.Combine(Dir, name);

    /// <summary>The host.containers.internal address recorded in a hosts file (this host's address when recorded).</summary>
    public static string HostInternalIp(string hostsText) =>
        hostsText.Split('\n').First(l => l.EndsWith("\thost.containers.internal", StringComparison.Ordinal)).Split('\t')[0];
}
