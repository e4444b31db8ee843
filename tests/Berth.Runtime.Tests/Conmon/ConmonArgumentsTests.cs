using Berth.Runtime.Conmon;

namespace Berth.Runtime.Tests.Conmon;

public sealed class ConmonArgumentsTests
{
    private static readonly ConmonOptions Plain = new()
    {
        ContainerId = "c1",
        Name = "web",
        BundlePath = "/run/b/c1/userdata",
        PidFile = "/run/b/c1/userdata/pidfile",
        ConmonPidFile = "/run/b/c1/userdata/conmon.pid",
        ExitDir = "/run/b/exits",
        SocketDir = "/run/b/socket",
        LogPath = "/var/b/c1/userdata/ctr.log",
        ExitCommand = ["/usr/bin/berth", "container", "cleanup", "c1"],
    };

    [Fact]
    public void ForCreate_PodmansArguments_WithSyncForTheConmonPidFile()
    {
        // podman 4.3.1's conmon command line for `podman run --name web` (recorded: --api-version 1 -c -u -r -b -p -n
        // --exit-dir --full-attach -l k8s-file:… --log-level warning, the three --runtime-arg of runc's JSON log,
        // --conmon-pidfile, --exit-command…), with Berth's runc root and socket directory, and --sync where podman passes
        // --conmon-pidfile: Berth keeps the first conmon process as the monitor and writes the file itself.
        var args = ConmonArguments.ForCreate("/usr/sbin/runc", "/run/runc", Plain, "/run/b/c1/userdata/oci-log");

        Assert.Equal(
            [
                "--api-version", "1", "-c", "c1", "-u", "c1", "-r", "/usr/sbin/runc", "-b", "/run/b/c1/userdata",
                "-p", "/run/b/c1/userdata/pidfile", "-n", "web", "--exit-dir", "/run/b/exits", "--full-attach",
                "--runtime-arg", "--root", "--runtime-arg", "/run/runc",
                "-l", "k8s-file:/var/b/c1/userdata/ctr.log", "--log-level", "warning",
                "--runtime-arg", "--log-format=json", "--runtime-arg", "--log", "--runtime-arg=/run/b/c1/userdata/oci-log",
                "--socket-dir-path", "/run/b/socket", "--sync",
                "--exit-command", "/usr/bin/berth", "--exit-command-arg", "container", "--exit-command-arg", "cleanup",
                "--exit-command-arg", "c1",
            ],
            args);
    }

    [Fact]
    public void ForCreate_NoSyncLog_OnlyWhenAsked()
    {
        Assert.DoesNotContain("--no-sync-log", ConmonArguments.ForCreate("/usr/sbin/runc", "/run/runc", Plain, "/l"));
        Assert.Contains("--no-sync-log", ConmonArguments.ForCreate("/usr/sbin/runc", "/run/runc", Plain with { NoSyncLog = true }, "/l"));
    }
}
