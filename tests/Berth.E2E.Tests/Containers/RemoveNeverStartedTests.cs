namespace Berth.E2E.Tests.Containers;

/// <summary>rm in a fresh store whose containers never ran (no exits directory in the run root yet).</summary>
public sealed class RemoveNeverStartedTests
{
    [Fact]
    public void Rm_CreatedContainersInFreshStore_RemovesThem()
    {
        using var store = new ContainerStore();
        var one = store.Berth("create", "--network", "none", ContainerStore.Image, "true");
        var two = store.Berth("create", "--network", "none", ContainerStore.Image, "true");
        Assert.True(one.ExitCode == 0 && two.ExitCode == 0, one.Stderr + two.Stderr);

        var single = store.Berth("rm", one.Stdout.Trim());
        Assert.Equal((0, one.Stdout, ""), (single.ExitCode, single.Stdout, single.Stderr));

        var all = store.Berth("rm", "-a", "-f", "-t", "0");
        Assert.Equal((0, two.Stdout, ""), (all.ExitCode, all.Stdout, all.Stderr));
        Assert.Equal("", store.Berth("ps", "-a", "-q").Stdout);
    }
}
