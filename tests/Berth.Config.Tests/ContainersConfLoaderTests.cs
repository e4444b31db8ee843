namespace Berth.Config.Tests;

public sealed class ContainersConfLoaderTests
{
    [Fact]
    public void Load_NoFiles_ReturnsBuiltInDefaults()
    {
        using var tmp = new TempConfigRoot();

        var conf = ContainersConfLoader.Load(tmp.Rootful());

        Assert.Empty(conf.LoadedFiles);
        Assert.Equal(11, conf.Containers.DefaultCapabilities.Count);
        Assert.Equal("CAP_CHOWN", conf.Containers.DefaultCapabilities[0]);
        Assert.Equal("65536k", conf.Containers.ShmSize);
        Assert.Equal(2048, conf.Containers.PidsLimit);
        Assert.Equal("k8s-file", conf.Containers.LogDriver);
        Assert.Equal("host", conf.Containers.CgroupNs);
        Assert.Equal("0022", conf.Containers.Umask);
        Assert.Equal(["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], conf.Containers.Env);
        Assert.Equal("crun", conf.Engine.Runtime);
        Assert.False(conf.IsSet("engine.runtime"));
        Assert.Equal("cgroupfs", conf.Engine.CgroupManager);
        Assert.Equal("file", conf.Engine.EventsLogger);
        Assert.Equal("/usr/libexec/podman/conmon", conf.Engine.ConmonPath[0]);
        Assert.Contains("/usr/bin/runc", conf.Engine.Runtimes["runc"]);
        Assert.Contains("/usr/bin/crun", conf.Engine.Runtimes["crun"]);
        Assert.Contains("/usr/bin/kata-runtime", conf.Engine.Runtimes["kata"]);
        Assert.Contains("/usr/bin/runsc", conf.Engine.Runtimes["runsc"]);
        Assert.Contains("/usr/bin/youki", conf.Engine.Runtimes["youki"]);
        Assert.Contains("/usr/bin/krun", conf.Engine.Runtimes["krun"]);
        Assert.Equal("/run/libpod", conf.Engine.TmpDir);
        Assert.Equal(10u, conf.Engine.StopTimeout);
        Assert.Equal(2048u, conf.Engine.NumLocks);
        Assert.Equal("missing", conf.Engine.PullPolicy);
        Assert.Equal("docker://", conf.Engine.ImageDefaultTransport);
        Assert.Equal("netavark", conf.Network.NetworkBackend);
        Assert.Equal("10.88.0.0/16", conf.Network.DefaultSubnet);
        Assert.Equal("10.89.0.0/16", conf.Network.DefaultSubnetPools[0].Base.ToString());
        Assert.Equal(24, conf.Network.DefaultSubnetPools[0].Size);
        Assert.Equal(5, conf.Network.DefaultSubnetPools.Count);
        Assert.Equal("pasta", conf.Network.DefaultRootlessNetworkCmd);
        Assert.Equal("/etc/containers/networks", conf.Network.ResolveNetworkConfigDir(rootless: false, "/var/lib/berth/storage"));
    }

    [Fact]
    public void Load_HostWithSystemdJournaldAndCgroupsV2_UsesThoseDefaults()
    {
        using var tmp = new TempConfigRoot();
        var env = tmp.Env(0, new HostFacts(UsesSystemd: true, UsesJournald: true, CgroupsV2: true, SelinuxEnabled: true));

        var conf = ContainersConfLoader.Load(env);

        Assert.Equal("journald", conf.Containers.LogDriver);
        Assert.Equal("journald", conf.Engine.EventsLogger);
        Assert.Equal("systemd", conf.Engine.CgroupManager);
        Assert.Equal("private", conf.Containers.CgroupNs);
        Assert.True(conf.Containers.Label);
    }

    [Fact]
    public void Load_RootlessDefaults_UseRuntimeDirAndGraphRootNetworks()
    {
        using var tmp = new TempConfigRoot();
        var env = tmp.Env(1000, new HostFacts(true, false, false, false), ("XDG_RUNTIME_DIR", "/run/user/1000"));

        var conf = ContainersConfLoader.Load(env);

        Assert.Equal("/run/user/1000/libpod/tmp", conf.Engine.TmpDir);
        Assert.Equal("cgroupfs", conf.Engine.CgroupManager);
        Assert.Equal("/home/x/.local/share/berth/storage/networks", conf.Network.ResolveNetworkConfigDir(rootless: true, "/home/x/.local/share/berth/storage"));
    }

    [Fact]
    public void Load_ShippedStyleFile_AppliesUncommentedKeysOnly()
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.WriteSystem("/usr/share/containers/containers.conf", TestData.Read("containers.conf"));

        var conf = ContainersConfLoader.Load(tmp.Rootful());

        Assert.Equal([path], conf.LoadedFiles);
        Assert.Equal(["net.ipv4.ping_group_range=0 0"], conf.Containers.DefaultSysctls);
        Assert.Equal(ContainersConfDefaults.Capabilities, conf.Containers.DefaultCapabilities);
        Assert.True(conf.IsSet("containers.default_capabilities"));
        Assert.False(conf.IsSet("containers.pids_limit"));
        Assert.Equal(2048, conf.Containers.PidsLimit);
        Assert.Empty(conf.Warnings);
    }

    [Fact]
    public void Load_RootfulFiles_MergesInUpstreamOrder()
    {
        using var tmp = new TempConfigRoot();
        var usr = tmp.WriteSystem("/usr/share/containers/containers.conf", "[containers]\npids_limit = 100\ntz = \"local\"\nlog_tag = \"usr\"\n");
        var etc = tmp.WriteSystem("/etc/containers/containers.conf", "[containers]\npids_limit = 200\nlog_tag = \"etc\"\n");
        var d2 = tmp.WriteSystem("/etc/containers/containers.conf.d/20-b.conf", "[containers]\nlog_tag = \"d20\"\n");
        var d1 = tmp.WriteSystem("/etc/containers/containers.conf.d/10-a.conf", "[containers]\npids_limit = 300\nlog_tag = \"d10\"\n");
        tmp.WriteSystem("/etc/containers/containers.conf.d/30-ignored.txt", "[containers]\nlog_tag = \"txt\"\n");
        tmp.WriteSystem("/etc/containers/containers.conf.d/sub/40-nested.conf", "[containers]\nlog_tag = \"nested\"\n");
        tmp.WriteSystem("/etc/containers/containers.rootless.conf", "[containers]\nlog_tag = \"rootless\"\n");
        var user = tmp.WriteHome(".config/containers/containers.conf", "[containers]\nnetns = \"host\"\n");

        var conf = ContainersConfLoader.Load(tmp.Rootful());

        Assert.Equal([usr, etc, d1, d2, user], conf.LoadedFiles);
        Assert.Equal(300, conf.Containers.PidsLimit);
        Assert.Equal("d20", conf.Containers.LogTag);
        Assert.Equal("local", conf.Containers.Tz);
        Assert.Equal("host", conf.Containers.NetNs);
        Assert.Equal(d1, conf.OriginOf("containers.pids_limit")!.File);
        Assert.Equal(2, conf.OriginOf("containers.pids_limit")!.Line);
    }

    [Fact]
    public void Load_Rootless_ReadsRootlessAndUidAndUserFilesLast()
    {
        using var tmp = new TempConfigRoot();
        var etc = tmp.WriteSystem("/etc/containers/containers.conf", "[engine]\nruntime = \"crun\"\n");
        var rootless = tmp.WriteSystem("/etc/containers/containers.rootless.conf", "[engine]\nruntime = \"runc\"\nstop_timeout = 5\n");
        var rootlessD = tmp.WriteSystem("/etc/containers/containers.rootless.conf.d/50.conf", "[engine]\nstop_timeout = 6\n");
        var uidD = tmp.WriteSystem("/etc/containers/containers.rootless.conf.d/1000/50.conf", "[engine]\nstop_timeout = 7\n");
        tmp.WriteSystem("/etc/containers/containers.rootless.conf.d/1001/50.conf", "[engine]\nstop_timeout = 99\n");
        var xdg = Path.Combine(tmp.Base, "xdg");
        var user = TempConfigRoot.WriteFile(Path.Combine(xdg, "containers/containers.conf"), "[engine]\nnum_locks = 64\n");
        var userD = TempConfigRoot.WriteFile(Path.Combine(xdg, "containers/containers.conf.d/99.conf"), "[engine]\nstop_timeout = 8\n");

        var conf = ContainersConfLoader.Load(tmp.Rootless(("XDG_CONFIG_HOME", xdg)));

        Assert.Equal([etc, rootless, rootlessD, uidD, user, userD], conf.LoadedFiles);
        Assert.Equal("runc", conf.Engine.Runtime);
        Assert.True(conf.IsSet("engine.runtime"));
        Assert.Equal(8u, conf.Engine.StopTimeout);
        Assert.Equal(64u, conf.Engine.NumLocks);
    }

    [Fact]
    public void Load_ContainersConfVariable_ReplacesFileListButOverrideStillApplies()
    {
        using var tmp = new TempConfigRoot();
        tmp.WriteSystem("/etc/containers/containers.conf", "[containers]\nlog_tag = \"etc\"\npids_limit = 5\n");
        tmp.WriteHome(".config/containers/containers.conf", "[containers]\nlog_tag = \"user\"\n");
        var custom = tmp.Write("custom.conf", "[containers]\nlog_tag = \"custom\"\n");
        var over = tmp.Write("override.conf", "[containers]\ntz = \"local\"\n");

        var conf = ContainersConfLoader.Load(tmp.Rootless(("CONTAINERS_CONF", custom), ("CONTAINERS_CONF_OVERRIDE", over)));

        Assert.Equal([custom, over], conf.LoadedFiles);
        Assert.Equal("custom", conf.Containers.LogTag);
        Assert.Equal(2048, conf.Containers.PidsLimit);
        Assert.Equal("local", conf.Containers.Tz);
    }

    [Fact]
    public void Load_OverrideVariable_IsMergedAfterUserFiles()
    {
        using var tmp = new TempConfigRoot();
        tmp.WriteHome(".config/containers/containers.conf.d/z.conf", "[containers]\nlog_tag = \"user\"\n");
        var over = tmp.Write("override.conf", "[containers]\nlog_tag = \"override\"\n");

        var conf = ContainersConfLoader.Load(tmp.Rootless(("CONTAINERS_CONF_OVERRIDE", over)));

        Assert.Equal("override", conf.Containers.LogTag);
        Assert.Equal(over, conf.LoadedFiles[^1]);
    }

    [Fact]
    public void Load_ContainersConfVariableNamesMissingFile_ThrowsNotFound()
    {
        using var tmp = new TempConfigRoot();
        var missing = Path.Combine(tmp.Base, "nope.conf");

        var e = Assert.Throws<BerthException>(() => ContainersConfLoader.Load(tmp.Rootful(("CONTAINERS_CONF", missing))));

        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
        Assert.Contains("$CONTAINERS_CONF", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OverrideVariableNamesMissingFile_ThrowsNotFound()
    {
        using var tmp = new TempConfigRoot();

        var e = Assert.Throws<BerthException>(() => ContainersConfLoader.Load(tmp.Rootful(("CONTAINERS_CONF_OVERRIDE", "/nonexistent/override.conf"))));

        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Contains("/nonexistent/override.conf", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AppendAttribute_AppendsToEarlierValue()
    {
        using var tmp = new TempConfigRoot();
        tmp.WriteSystem("/etc/containers/containers.conf", "[containers]\nenv = [\"A=1\"]\nvolumes = [\"/a:/a\"]\n");
        tmp.WriteSystem("/etc/containers/containers.conf.d/10.conf", "[containers]\nenv = [\"B=2\", {append = true}]\nvolumes = [\"/b:/b\"]\n");

        var conf = ContainersConfLoader.Load(tmp.Rootful());

        Assert.Equal(["A=1", "B=2"], conf.Containers.Env);
        Assert.Equal(["/b:/b"], conf.Containers.Volumes);
    }

    [Fact]
    public void Load_AppendAttributeInEarlierFile_KeepsAppendingUntilTurnedOff()
    {
        using var tmp = new TempConfigRoot();
        tmp.WriteSystem("/etc/containers/containers.conf", "[containers]\nenv = [\"A=1\", {append = true}]\n");
        tmp.WriteSystem("/etc/containers/containers.conf.d/10.conf", "[containers]\nenv = [\"B=2\"]\n");
        tmp.WriteSystem("/etc/containers/containers.conf.d/20.conf", "[containers]\nenv = [\"C=3\", {append = false}]\n");
        tmp.WriteSystem("/etc/containers/containers.conf.d/30.conf", "[containers]\nenv = [\"D=4\"]\n");

        var conf = ContainersConfLoader.Load(tmp.Rootful());

        Assert.Equal(["D=4"], conf.Containers.Env);
        var upTo10 = ContainersConfLoader.Load(tmp.Rootful(("CONTAINERS_CONF", tmp.Sys("/etc/containers/containers.conf"))));
        Assert.Equal([ContainersConfDefaults.DefaultPath, "A=1"], upTo10.Containers.Env);
    }

    [Fact]
    public void Load_AppendAttributeSticky_SecondFileAppendsToo()
    {
        using var tmp = new TempConfigRoot();
        tmp.WriteSystem("/etc/containers/containers.conf", "[containers]\ndns_servers = [\"1.1.1.1\", {append = true}]\n");
        tmp.WriteSystem("/etc/containers/containers.conf.d/10.conf", "[containers]\ndns_servers = [\"8.8.8.8\"]\n");

        var conf = ContainersConfLoader.Load(tmp.Rootful());

        Assert.Equal(["1.1.1.1", "8.8.8.8"], conf.Containers.DnsServers);
    }

    [Fact]
    public void Load_UnsupportedArrayAttribute_ThrowsWithFileAndLine()
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.WriteSystem("/etc/containers/containers.conf", "[containers]\n\nenv = [\"A=1\", {prepend = true}]\n");

        var e = Assert.Throws<BerthException>(() => ContainersConfLoader.Load(tmp.Rootful()));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.StartsWith($"{path}:3:", e.Message, StringComparison.Ordinal);
        Assert.Contains("prepend", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RuntimesTable_MergesByRuntimeName()
    {
        using var tmp = new TempConfigRoot();
        tmp.WriteSystem("/etc/containers/containers.conf", "[engine]\nruntime = \"runc\"\n[engine.runtimes]\nrunc = [\"/opt/runc\"]\nmyrt = [\"/opt/myrt\"]\n");

        var conf = ContainersConfLoader.Load(tmp.Rootful());

        Assert.Equal(["/opt/runc"], conf.Engine.Runtimes["runc"]);
        Assert.Equal(["/opt/myrt"], conf.Engine.Runtimes["myrt"]);
        Assert.Equal(ContainersConfDefaults.Runtimes["crun"], conf.Engine.Runtimes["crun"]);
        Assert.Equal(["/opt/runc"], conf.Engine.RuntimeCandidates());
        Assert.True(conf.IsSet("engine.runtimes.runc"));
        Assert.False(conf.IsSet("engine.runtimes.crun"));
    }

    [Fact]
    public void Load_DebianBenchmarkDropIn_SetsUlimitsAndRuntime()
    {
        using var tmp = new TempConfigRoot();
        tmp.WriteSystem("/etc/containers/containers.conf.d/50-berth-host.conf",
            "[containers]\ndefault_ulimits = [\"nofile=20000:20000\", \"nproc=4096:4096\"]\n\n[engine]\nruntime = \"runc\"\n");

        var conf = ContainersConfLoader.Load(tmp.Rootful());

        Assert.Equal(["nofile=20000:20000", "nproc=4096:4096"], conf.Containers.DefaultUlimits);
        Assert.Equal("runc", conf.Engine.Runtime);
        Assert.True(conf.IsSet("engine.runtime"));
    }

    [Fact]
    public void Load_CapabilitiesWithoutPrefix_AreNormalised()
    {
        using var tmp = new TempConfigRoot();
        tmp.WriteSystem("/etc/containers/containers.conf", "[containers]\ndefault_capabilities = [\"chown\", \"CAP_KILL\", \"cap_net_raw\"]\n");

        var conf = ContainersConfLoader.Load(tmp.Rootful());

        Assert.Equal(["CAP_CHOWN", "CAP_KILL", "cap_net_raw"], conf.Containers.DefaultCapabilities);
    }

    [Fact]
    public void Load_NetworkSection_ParsesPoolsPortAndDirectory()
    {
        using var tmp = new TempConfigRoot();
        tmp.WriteSystem("/etc/containers/containers.conf", """
            [network]
            network_config_dir = "/srv/networks"
            dns_bind_port = 5353
            default_subnet_pools = [
              {"base" = "192.168.0.5/16", "size" = 24},
            ]
            pasta_options = ["--mtu", "1500"]
            firewall_driver = "nftables"
            """);

        var conf = ContainersConfLoader.Load(tmp.Rootful());

        Assert.Equal("/srv/networks", conf.Network.ResolveNetworkConfigDir(rootless: true, "/g"));
        Assert.Equal((ushort)5353, conf.Network.DnsBindPort);
        var pool = Assert.Single(conf.Network.DefaultSubnetPools);
        Assert.Equal("192.168.0.0/16", pool.Base.ToString());
        Assert.Equal(["--mtu", "1500"], conf.Network.PastaOptions);
        Assert.Equal("nftables", conf.Network.FirewallDriver);
    }

    [Theory]
    [InlineData("{\"base\" = \"10.0.0.0/24\", \"size\" = 16}", "size is bigger than subnet")]
    [InlineData("{\"base\" = \"fd00::/64\", \"size\" = 80}", "only IPv4")]
    [InlineData("{\"base\" = \"10.0.0.0/8\", \"size\" = 33}", "between 0-32")]
    [InlineData("{\"base\" = \"nonsense\", \"size\" = 24}", "not a CIDR")]
    public void Load_InvalidSubnetPool_ThrowsWithFileAndLine(string pool, string expected)
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.WriteSystem("/etc/containers/containers.conf", $"[network]\ndefault_subnet_pools = [\n  {pool},\n]\n");

        var e = Assert.Throws<BerthException>(() => ContainersConfLoader.Load(tmp.Rootful()));

        Assert.StartsWith($"{path}:3:", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InvalidToml_ReportsFileLineColumnAndAdvice()
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.WriteSystem("/etc/containers/containers.conf", "# comment\n[containers]\npids_limit = \n");

        var e = Assert.Throws<BerthException>(() => ContainersConfLoader.Load(tmp.Rootful()));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.StartsWith($"{path}:3:", e.Message, StringComparison.Ordinal);
        Assert.Contains("invalid TOML", e.Message, StringComparison.Ordinal);
        Assert.Contains("expecting a value", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("(fix or remove the file)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DuplicateKey_ReportsLine()
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.WriteSystem("/etc/containers/containers.conf", "[containers]\ntz = \"a\"\ntz = \"b\"\n");

        var e = Assert.Throws<BerthException>(() => ContainersConfLoader.Load(tmp.Rootful()));

        Assert.StartsWith($"{path}:3:1:", e.Message, StringComparison.Ordinal);
        Assert.Contains("already defined", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[containers]\npids_limit = \"x\"\n", "'pids_limit' in [containers]", "expected an integer, found a string")]
    [InlineData("[containers]\ninit = \"yes\"\n", "'init' in [containers]", "expected a boolean")]
    [InlineData("[containers]\nenv = \"A=1\"\n", "'env' in [containers]", "expected an array of strings")]
    [InlineData("[containers]\nenv = [1]\n", "'env' in [containers]", "expected an array of strings, found an integer")]
    [InlineData("[engine]\nstop_timeout = -1\n", "'stop_timeout' in [engine]", "out of range")]
    [InlineData("[engine]\nruntimes = [\"runc\"]\n", "'runtimes' in [engine]", "expected a table")]
    [InlineData("[engine.runtimes]\nrunc = \"/usr/bin/runc\"\n", "'runtimes.runc' in [engine]", "expected an array of strings")]
    [InlineData("containers = 5\n", "'containers'", "expected a table")]
    public void Load_WrongValueType_NamesKeyFileAndLine(string content, string key, string expected)
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.WriteSystem("/etc/containers/containers.conf", content);

        var e = Assert.Throws<BerthException>(() => ContainersConfLoader.Load(tmp.Rootful()));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        var line = content.Split('\n').Length - 1;
        Assert.StartsWith($"{path}:{line}:", e.Message, StringComparison.Ordinal);
        Assert.Contains(key, e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownKeysAndTables_AreWarningsNotErrors()
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.WriteSystem("/etc/containers/containers.conf", "[containers]\nno_such_key = 1\n\n[future]\nx = 1\n[podmansh]\nshell = \"/bin/sh\"\n");

        var conf = ContainersConfLoader.Load(tmp.Rootful());

        Assert.Equal(2, conf.Warnings.Count);
        Assert.StartsWith($"{path}:2:", conf.Warnings[0], StringComparison.Ordinal);
        Assert.Contains("no_such_key", conf.Warnings[0], StringComparison.Ordinal);
        Assert.StartsWith($"{path}:4:", conf.Warnings[1], StringComparison.Ordinal);
        Assert.Contains("future", conf.Warnings[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[containers]\numask = \"0999\"\n", "containers", "umask")]
    [InlineData("[containers]\nlog_size_max = 100\n", "containers", "8192")]
    [InlineData("[containers]\nshm_size = \"lots\"\n", "containers", "shm_size")]
    [InlineData("[containers]\ndefault_ulimits = [\"nofile=10:5\"]\n", "containers", "soft limit")]
    [InlineData("[containers]\ndefault_ulimits = [\"bogus=10\"]\n", "containers", "ulimit type")]
    [InlineData("[containers]\ndevices = [\"/tmp/x\"]\n", "containers", "/dev/")]
    [InlineData("[containers]\ninterface_name = \"eth\"\n", "containers", "interface_name")]
    [InlineData("[containers]\ntz = \"Nowhere/Atlantis\"\n", "containers", "time zone")]
    [InlineData("[engine]\npull_policy = \"sometimes\"\n", "engine", "pull policy")]
    [InlineData("[engine]\ntmp_dir = \"relative/tmp\"\n", "engine", "absolute")]
    [InlineData("[engine]\nimage_volume_mode = \"bind\"\n", "engine", "image volume mode")]
    public void Load_InvalidValue_ThrowsNamingTheFileThatSetIt(string content, string section, string expected)
    {
        using var tmp = new TempConfigRoot();
        tmp.WriteSystem("/etc/containers/containers.conf", "[containers]\n");
        var dropIn = tmp.WriteSystem("/etc/containers/containers.conf.d/10.conf", content);

        var e = Assert.Throws<BerthException>(() => ContainersConfLoader.Load(tmp.Rootful()));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.StartsWith($"{dropIn}:2:", e.Message, StringComparison.Ordinal);
        Assert.Contains($"[{section}]", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ValidSpecialValues_AreAccepted()
    {
        using var tmp = new TempConfigRoot();
        tmp.WriteSystem("/usr/share/zoneinfo/Europe/Paris", "TZif");
        tmp.WriteSystem("/etc/containers/containers.conf", """
            [containers]
            tz = "Europe/Paris"
            umask = "0077"
            devices = ["/dev/fuse:/dev/fuse:rwm", "nvidia.com/gpu=all", "/dev/null:rw"]
            default_ulimits = ["nofile=-1:-1", "nproc=4096"]
            oom_score_adj = -500
            log_size_max = 8192
            shm_size = "1g"
            [engine]
            pull_policy = "IfNotPresent"
            events_logfile_max_size = "10m"
            static_dir = "/srv/static"
            """);

        var conf = ContainersConfLoader.Load(tmp.Rootful());

        Assert.Equal(-500, conf.Containers.OomScoreAdj);
        Assert.Equal(10_000_000ul, conf.Engine.EventsLogFileMaxSize);
        Assert.Equal("/srv/static", conf.Engine.ResolveStaticDir("/g"));
        Assert.Equal("/g/volumes", conf.Engine.ResolveVolumePath("/g"));
    }

    [Fact]
    public void Load_Modules_ResolvedByNameAndPathAndLoadedBeforeOverride()
    {
        using var tmp = new TempConfigRoot();
        var etcModule = tmp.WriteSystem("/etc/containers/containers.conf.modules/debug.conf", "[containers]\nlog_tag = \"etc-module\"\n");
        tmp.WriteSystem("/usr/share/containers/containers.conf.modules/debug.conf", "[containers]\nlog_tag = \"usr-module\"\n");
        var userModule = tmp.WriteHome(".config/containers/containers.conf.modules/mine.conf", "[containers]\ntz = \"local\"\n");
        var absolute = tmp.Write("abs.conf", "[containers]\nnetns = \"host\"\n");
        var over = tmp.Write("override.conf", "[containers]\nlog_tag = \"override\"\n");

        var conf = ContainersConfLoader.Load(tmp.Rootless(("CONTAINERS_CONF_OVERRIDE", over)), ["debug.conf", "mine.conf", absolute]);

        Assert.Equal([etcModule, userModule, absolute], conf.LoadedModules);
        Assert.Equal([etcModule, userModule, absolute, over], conf.LoadedFiles);
        Assert.Equal("override", conf.Containers.LogTag);
        Assert.Equal("local", conf.Containers.Tz);
        Assert.Equal("host", conf.Containers.NetNs);
    }

    [Fact]
    public void Load_UnknownModule_ThrowsNotFoundListingDirectories()
    {
        using var tmp = new TempConfigRoot();

        var e = Assert.Throws<BerthException>(() => ContainersConfLoader.Load(tmp.Rootful(), ["nope.conf"]));

        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Contains("nope.conf", e.Message, StringComparison.Ordinal);
        Assert.Contains(tmp.Sys("/etc/containers/containers.conf.modules"), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DottedKeysAndInlineTables_AreEquivalentToTables()
    {
        using var tmp = new TempConfigRoot();
        tmp.WriteSystem("/etc/containers/containers.conf", "containers.pids_limit = 42\nengine = { runtime = \"youki\", runtimes = { youki = [\"/opt/youki\"] } }\n");

        var conf = ContainersConfLoader.Load(tmp.Rootful());

        Assert.Equal(42, conf.Containers.PidsLimit);
        Assert.Equal("youki", conf.Engine.Runtime);
        Assert.Equal(["/opt/youki"], conf.Engine.RuntimeCandidates());
    }

    [Fact]
    public void SystemConfigPaths_Rootful_ListsMainFilesEvenWhenMissing()
    {
        using var tmp = new TempConfigRoot();

        var paths = ContainersConfLoader.SystemConfigPaths(tmp.Rootful());

        Assert.Equal(
            [tmp.Sys("/usr/share/containers/containers.conf"), tmp.Sys("/etc/containers/containers.conf"), Path.Combine(tmp.Home, ".config/containers/containers.conf")],
            paths);
    }
}
