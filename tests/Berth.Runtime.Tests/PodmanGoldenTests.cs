using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Oci;
using Berth.Runtime.Spec;
using Berth.Runtime.Spec.Seccomp;

namespace Berth.Runtime.Tests;

/// <summary>
/// The generator against config.json files podman 4.3.1 wrote (Golden/podman-4.3, see its README): the same IDs,
/// paths and times go in, so the specs must be equal up to the order of mounts and env entries.
/// </summary>
public sealed class PodmanGoldenTests
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "Golden", "podman-4.3");

    private static readonly IReadOnlyList<string> BenchUlimits = ["nofile=20000:20000", "nproc=4096:4096"];

    internal static ImageConfiguration Busybox1 { get; } = Image(new ContainerConfig { Cmd = ["/bin/sh"] });

    internal static ImageConfiguration Busybox2 { get; } = Image(new ContainerConfig
    {
        Entrypoint = ["/bin/sh", "-c"],
        Cmd = ["echo hi"],
        Env = ["PATH=/bin FOO=bar"],
        WorkingDir = "/tmp",
        User = "1000:1000",
        StopSignal = "SIGINT",
    });

    [Fact]
    public void Generate_DefaultContainer_MatchesPodman()
    {
        AssertMatches("basic", golden => FromGolden(golden) with { Image = Busybox1, DefaultUlimits = BenchUlimits });
    }

    [Fact]
    public void Generate_FlagsAndImageConfig_MatchPodman()
    {
        AssertMatches("full", golden => FromGolden(golden) with
        {
            Image = Busybox2,
            Command = ["echo", "x"],
            Terminal = true,
            CapAdd = ["NET_ADMIN"],
            CapDrop = ["CHOWN"],
            ReadOnly = true,
            NoNewPrivileges = true,
            Ulimits = ["nofile=100:200"],
            DefaultUlimits = BenchUlimits,
            Sysctls = new Dictionary<string, string> { ["net.ipv4.ip_forward"] = "1" },
            ShmSize = 128L * 1024 * 1024,
            Hostname = "myhost",
            Env = ["A=1"],
            WorkingDir = "/tmp",
            User = "1:2",
        });
    }

    [Fact]
    public void Generate_Privileged_MatchesPodmanButHostDevices()
    {
        AssertMatches("priv", golden => FromGolden(golden) with
            {
                Image = Busybox1,
                Privileged = true,
                DefaultUlimits = BenchUlimits,
                // The recording machine's bounding set (CapBnd 000001fffeffffff) lacks CAP_SYS_RESOURCE.
                HostBoundingSet = [.. Capabilities.All.Where(c => c != "CAP_SYS_RESOURCE")],
            },
            expected => ((JsonObject)expected["linux"]!).Remove("devices"));
    }

    [Fact]
    public void Generate_EntrypointFlag_DropsImageCmdAsPodman()
    {
        AssertMatches("ep", golden => FromGolden(golden) with { Image = Busybox2, Entrypoint = ["/bin/echo"], DefaultUlimits = BenchUlimits });
    }

    internal static SeccompProfile SystemProfile() =>
        SeccompResolver.Parse(File.ReadAllText(Path.Combine(Dir, "seccomp.json")), "seccomp.json");

    /// <summary>The per-run facts of a golden file: ID, rootfs, userdata files, network namespace, creation time.</summary>
    private static ContainerSpecInput FromGolden(JsonNode golden)
    {
        var cgroupsPath = (string)golden["linux"]!["cgroupsPath"]!;
        var id = cgroupsPath[(cgroupsPath.LastIndexOf("libpod-", StringComparison.Ordinal) + "libpod-".Length)..];
        var binds = golden["mounts"]!.AsArray()
            .Where(m => (string?)m!["type"] == "bind")
            .ToDictionary(m => (string)m!["destination"]!, m => (string)m!["source"]!);
        var network = golden["linux"]!["namespaces"]!.AsArray().First(n => (string?)n!["type"] == "network")!;
        return new ContainerSpecInput
        {
            ContainerId = id,
            RootfsPath = (string)golden["root"]!["path"]!,
            Files = new ContainerFiles
            {
                Hosts = binds.GetValueOrDefault("/etc/hosts"),
                Hostname = binds.GetValueOrDefault("/etc/hostname"),
                ResolvConf = binds.GetValueOrDefault("/etc/resolv.conf"),
                ContainerEnv = binds.GetValueOrDefault("/run/.containerenv"),
                Shm = binds.GetValueOrDefault("/dev/shm"),
                Passwd = binds.GetValueOrDefault("/etc/passwd"),
                Group = binds.GetValueOrDefault("/etc/group"),
            },
            NetworkNamespacePath = (string?)network["path"],
            Created = DateTimeOffset.Parse((string)golden["annotations"]!["io.kubernetes.cri-o.Created"]!, System.Globalization.CultureInfo.InvariantCulture),
            SeccompProfile = SystemProfile(),
        };
    }

    private static void AssertMatches(string name, Func<JsonNode, ContainerSpecInput> input, Action<JsonNode>? adjustExpected = null)
    {
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(Dir, name + ".json")))!;
        var spec = SpecGenerator.Generate(input(expected));
        var actual = JsonNode.Parse(RuntimeJsonContext.Serialize(spec))!;
        adjustExpected?.Invoke(expected);
        Normalise(expected);
        Normalise(actual);
        foreach (var key in ((JsonObject)expected).Select(p => p.Key).Union(((JsonObject)actual).Select(p => p.Key)).ToList())
        {
            var e = expected[key]?.ToJsonString();
            var a = actual[key]?.ToJsonString();
            Assert.True(JsonNode.DeepEquals(expected[key], actual[key]), $"{name}.json: \"{key}\" differs\nexpected: {e}\nactual:   {a}");
        }
    }

    private static void Normalise(JsonNode spec)
    {
        var mounts = spec["mounts"]!.AsArray().Select(m => m!.DeepClone()).OrderBy(m => (string)m["destination"]!, StringComparer.Ordinal).ToList();
        spec["mounts"] = new JsonArray([.. mounts]);
        var env = spec["process"]!["env"]!.AsArray().Select(e => (string)e!).Order(StringComparer.Ordinal).ToList();
        spec["process"]!["env"] = new JsonArray([.. env.Select(e => JsonValue.Create(e))]);
        // io.kubernetes.cri-o.Created: Go prints nanoseconds, .NET has 100 ns ticks.
        var created = (string)spec["annotations"]!["io.kubernetes.cri-o.Created"]!;
        spec["annotations"]!["io.kubernetes.cri-o.Created"] = created[..Math.Min(created.Length, 26)];
    }

    private static ImageConfiguration Image(ContainerConfig config) => new()
    {
        Architecture = "amd64",
        OS = "linux",
        Config = config,
        RootFs = new RootFs { Type = "layers", DiffIds = [] },
    };
}
