using System.Formats.Tar;
using System.Text.Json;

namespace Berth.E2E.Tests;

/// <summary>
/// A private store (--root/--runroot) holding <c>localhost/exectest:1</c>: busybox-static with applet links, an
/// /etc/passwd with root and alice (1000), made with <c>berth import</c>. Removes its containers when disposed.
/// </summary>
public sealed class ContainerStore : IDisposable
{
    public const string Image = "localhost/exectest:1";

    private readonly TempDir _dir = new();

    public ContainerStore()
    {
        var tar = System.IO.Path.Combine(_dir.Path, "rootfs.tar");
        using (var file = File.Create(tar))
        using (var writer = new TarWriter(file, TarEntryFormat.Pax))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "bin/"));
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "etc/"));
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "tmp/") { Mode = (UnixFileMode)0b111_111_111 | UnixFileMode.StickyBit });
            writer.WriteEntryAsync("/bin/busybox", "bin/busybox").GetAwaiter().GetResult();
            foreach (var applet in new[] { "sh", "cat", "echo", "true", "false", "sleep", "env", "id", "pwd", "ls", "grep" })
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "bin/" + applet) { LinkName = "busybox" });
            }

            Add(writer, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000:Alice:/home/alice:/bin/sh\n");
            Add(writer, "etc/group", "root:x:0:\nalice:x:1000:\n");
        }

        var import = Berth("import", "-q", tar, Image);
        Assert.True(import.ExitCode == 0, import.Stderr);
    }

    public string Root => System.IO.Path.Combine(_dir.Path, "root");

    /// <summary>The store's run root (--runroot).</summary>
    public string RunRoot => _dir.Path + "/run";

    /// <summary><c>berth buildah …</c> on this store (buildah's own --root/--runroot flags).</summary>
    public RunResult Buildah(params string[] args) => BerthRunner.Run(["buildah", "--root", Root, "--runroot", RunRoot, .. args]);

    public RunResult Berth(params string[] args) => BerthRunner.Run(["--root", Root, "--runroot", _dir.Path + "/run", .. args]);

    public RunResult BerthWithInput(string stdin, params string[] args) =>
        BerthRunner.RunWithInput(BerthRunner.Binary, null, stdin, ["--root", Root, "--runroot", _dir.Path + "/run", .. args]);

    /// <summary>Runs a detached container and returns its ID.</summary>
    public string RunDetached(params string[] args)
    {
        var r = Berth(["run", "-d", .. args]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return r.Stdout.Trim();
    }

    /// <summary>
    /// The container's state as stored (the state JSON column of the store's SQLite database, read with the sqlite3
    /// tool, independently of berth; inspect shows the same Health and ExecIDs).
    /// </summary>
    public JsonElement State(string id)
    {
        var db = System.IO.Path.Combine(Root, "db", "berth.db");
        var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sqlite3", ["-readonly", db, $"select state_json from containers where id = '{id}'"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, p.StandardError.ReadToEnd());
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public void Dispose()
    {
        Berth("rm", "-af", "-t", "0");
        _dir.Dispose();
    }

    private static void Add(TarWriter writer, string name, string content) =>
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)) });
}
