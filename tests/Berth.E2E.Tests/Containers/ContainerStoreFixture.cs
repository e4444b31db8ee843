using System.Diagnostics;

namespace Berth.E2E.Tests.Containers;

/// <summary>
/// A private store (--root/--runroot under a temp dir) holding <c>box</c>: an image imported from a tar of the host's
/// busybox-static with the applet links the tests use. Dispose removes every container (force, no grace period) and
/// unmounts whatever is left, even when a test failed.
/// </summary>
public sealed class ContainerStoreFixture : IDisposable
{
    private static readonly string[] Applets = ["sh", "ls", "cat", "echo", "sleep", "true", "false", "id", "env", "hostname", "pwd", "kill", "ps", "mkdir", "touch", "rm", "wc", "head", "trap", "test", "ulimit", "stat", "readlink", "grep", "nc", "ip", "nslookup", "httpd", "printf", "tail"];

    public ContainerStoreFixture()
    {
        var root = Path.Combine(Dir.Path, "image");
        Directory.CreateDirectory(Path.Combine(root, "bin"));
        Directory.CreateDirectory(Path.Combine(root, "etc"));
        File.Copy("/bin/busybox", Path.Combine(root, "bin", "busybox"));
        foreach (var applet in Applets)
        {
            File.CreateSymbolicLink(Path.Combine(root, "bin", applet), "busybox");
        }

        File.WriteAllText(Path.Combine(root, "etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\nbox:x:1000:1000:box:/home/box:/bin/sh\n");
        File.WriteAllText(Path.Combine(root, "etc", "group"), "root:x:0:\nbox:x:1000:\nextra:x:2000:box\n");
        var tar = Path.Combine(Dir.Path, "box.tar");
        using (var p = Process.Start("tar", ["-C", root, "-cf", tar, "."]))
        {
            p.WaitForExit();
        }

        var imported = Berth("import", "--change", "CMD [\"/bin/sh\"]", tar, "box");
        if (imported.ExitCode != 0)
        {
            throw new InvalidOperationException("importing the test image failed: " + imported.Stderr);
        }
    }

    public TempDir Dir { get; } = new();

    /// <summary>The store and a private network config directory (networks the tests define never reach /etc/containers).</summary>
    public string[] Globals => ["--root", Dir.Path + "/root", "--runroot", Dir.Path + "/run", "--network-config-dir", NetworkConfigDir];

    public string NetworkConfigDir => Dir.Path + "/networks";

    public RunResult Berth(params string[] args) => BerthRunner.Run([.. Globals, .. args]);

    public RunResult BerthWithInput(string stdin, params string[] args) => BerthRunner.RunWithInput(BerthRunner.Binary, null, stdin, [.. Globals, .. args]);

    /// <summary>Polls <paramref name="condition"/> for up to <paramref name="seconds"/> seconds.</summary>
    public static bool Eventually(Func<bool> condition, double seconds = 20)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(100);
        }

        return condition();
    }

    public void Dispose()
    {
        if (Directory.Exists(Path.Combine(Dir.Path, "root")))
        {
            // Pods first: their infra containers go only with the pod.
            Berth("pod", "rm", "-f", "-a", "-t", "0");
        }

        foreach (var id in Directory.Exists(Path.Combine(Dir.Path, "root")) ? Ids() : [])
        {
            Berth("rm", "-f", "-t", "0", id);
        }

        foreach (var line in File.ReadAllLines("/proc/self/mountinfo"))
        {
            var point = line.Split(' ')[4];
            if (point.StartsWith(Dir.Path, StringComparison.Ordinal))
            {
                using var umount = Process.Start("umount", ["-l", point]);
                umount.WaitForExit();
            }
        }

        Dir.Dispose();
    }

    /// <summary>Container IDs straight from the store's database (independent of ps).</summary>
    public IReadOnlyList<string> Ids()
    {
        using var p = Process.Start(new ProcessStartInfo("sqlite3", [Path.Combine(Dir.Path, "root", "db", "berth.db"), "SELECT id FROM containers"]) { RedirectStandardOutput = true })!;
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
