namespace Berth.Config.Tests;

public sealed class ConfigEnvironmentTests
{
    [Fact]
    public void Constructor_NoXdgVariables_DerivesXdgDirectoriesFromHome()
    {
        var env = new ConfigEnvironment(new Dictionary<string, string> { ["HOME"] = "/home/ada" }, 1000);

        Assert.Equal("/home/ada", env.Home);
        Assert.Equal("/home/ada/.config", env.XdgConfigHome);
        Assert.Equal("/home/ada/.local/share", env.XdgDataHome);
        Assert.Equal("/home/ada/.cache", env.XdgCacheHome);
        Assert.Null(env.XdgRuntimeDir);
        Assert.True(env.IsRootless);
    }

    [Fact]
    public void Constructor_XdgVariablesSet_UsesThem()
    {
        var env = new ConfigEnvironment(
            new Dictionary<string, string>
            {
                ["HOME"] = "/home/ada",
                ["XDG_CONFIG_HOME"] = "/cfg",
                ["XDG_DATA_HOME"] = "/data",
                ["XDG_CACHE_HOME"] = "/cache",
                ["XDG_RUNTIME_DIR"] = "/run/user/1000",
            },
            1000);

        Assert.Equal("/cfg", env.XdgConfigHome);
        Assert.Equal("/data", env.XdgDataHome);
        Assert.Equal("/cache", env.XdgCacheHome);
        Assert.Equal("/run/user/1000", env.XdgRuntimeDir);
    }

    [Fact]
    public void Get_EmptyVariable_IsUnset()
    {
        var env = new ConfigEnvironment(new Dictionary<string, string> { ["CONTAINERS_CONF"] = "", ["XDG_CONFIG_HOME"] = "" }, 0, home: "/root");

        Assert.Null(env.Get("CONTAINERS_CONF"));
        Assert.Equal("/root/.config", env.XdgConfigHome);
        Assert.True(env.IsRoot);
    }

    [Fact]
    public void SystemPath_RootPrefix_IsPrepended()
    {
        var env = new ConfigEnvironment(new Dictionary<string, string>(), 0, "/root", rootPrefix: "/tmp/x/");

        Assert.Equal("/tmp/x/etc/containers/containers.conf", env.SystemPath("/etc/containers/containers.conf"));
        Assert.Throws<ArgumentException>(() => env.SystemPath("etc/containers"));
    }

    [Fact]
    public void ReadEffectiveUid_StatusFile_ReturnsSecondUidField()
    {
        using var tmp = new TempConfigRoot();
        var status = tmp.Write("status", "Name:\tberth\nUid:\t1000\t0\t0\t0\nGid:\t1000\t1000\t1000\t1000\n");

        Assert.Equal(0, ConfigEnvironment.ReadEffectiveUid(status));
    }

    [Fact]
    public void FromProcess_RealProcess_HasVariablesAndHome()
    {
        var env = ConfigEnvironment.FromProcess();

        Assert.NotEmpty(env.Variables);
        Assert.False(string.IsNullOrEmpty(env.Home));
        Assert.Equal("", env.RootPrefix);
    }

    [Fact]
    public void HostFactsProbe_FakeRoot_ReadsSystemdJournalAndCgroups()
    {
        using var tmp = new TempConfigRoot();
        tmp.WriteSystem("/proc/1/comm", "systemd\n");
        tmp.WriteSystem("/var/log/journal/abc/system.journal", "");
        tmp.WriteSystem("/sys/fs/cgroup/cgroup.controllers", "cpu memory\n");

        var facts = HostFacts.Probe(tmp.Root);

        Assert.Equal(new HostFacts(UsesSystemd: true, UsesJournald: true, CgroupsV2: true, SelinuxEnabled: false), facts);
        Assert.Equal(HostFacts.None, HostFacts.Probe(Path.Combine(tmp.Base, "nothing")));
    }
}
