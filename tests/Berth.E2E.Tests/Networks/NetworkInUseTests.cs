using Berth.E2E.Tests.Containers;

namespace Berth.E2E.Tests.Networks;

/// <summary>
/// rm and prune of networks that containers use. Until <c>create --network NAME</c> exists, the test attaches a created
/// container to a network by writing the network into its stored configuration (ContainerConfig.Networks) with the
/// sqlite3 tool — the same record a bridge-mode create writes.
/// </summary>
public sealed class NetworkInUseTests : IClassFixture<ContainerStoreFixture>
{
    private readonly ContainerStoreFixture f;

    public NetworkInUseTests(ContainerStoreFixture fixture) => f = fixture;

    private string NetDir => Path.Combine(f.Dir.Path, "networks");

    [Fact]
    public void Remove_InUse_Exit2UnlessForcedThenRemovesContainer()
    {
        Assert.Equal(0, Net("create", "used").ExitCode);
        var id = Attach("user1", "used");

        var refused = Net("rm", "used");
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal("Error: \"used\" has associated containers with it. Use -f to forcibly delete containers and pods: network is being used\n", refused.Stderr);
        Assert.Equal(0, f.Berth("container", "exists", id).ExitCode);
        Assert.Equal("used\n", Net("ls", "-q", "--filter", "name=used", "--filter", "dangling=false").Stdout.Replace("podman\n", "", StringComparison.Ordinal));

        var forced = Net("rm", "-f", "-t", "0", "used");

        Assert.True(forced.ExitCode == 0, forced.Stderr);
        Assert.Equal("used\n", forced.Stdout);
        Assert.Equal(1, f.Berth("container", "exists", id).ExitCode);
        Assert.Equal(1, Net("exists", "used").ExitCode);
    }

    [Fact]
    public void Prune_KeepsNetworksInUse()
    {
        Net("create", "kept");
        Net("create", "unused");
        Attach("user2", "kept");

        var r = Net("prune", "-f");

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.DoesNotContain("kept", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("unused\n", r.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, Net("exists", "kept").ExitCode);
        f.Berth("rm", "-f", "user2");
    }

    private RunResult Net(params string[] args) => f.Berth(["--network-config-dir", NetDir, "network", .. args]);

    /// <summary>Creates a container and records it on <paramref name="network"/> in the store's configuration column.</summary>
    private string Attach(string name, string network)
    {
        var created = f.Berth("create", "--name", name, "box", "true");
        Assert.True(created.ExitCode == 0, created.Stderr);
        var id = created.Stdout.Trim();
        var db = Path.Combine(f.Dir.Path, "root", "db", "berth.db");
        var sql = $"update containers set config = json_set(config, '$.Networks', json('{{\"{network}\":{{\"interface_name\":\"eth0\"}}}}')) where id = '{id}'";
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sqlite3", [db, sql]) { RedirectStandardError = true })!;
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, error);
        return id;
    }
}
