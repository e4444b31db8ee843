using System.Text.Json;
using System.Text.RegularExpressions;
using Berth.Cli.Output;
using Berth.Config;
using Berth.Engine.Containers;
using Berth.Oci;
using Berth.Storage.Containers;
using ContainerConfig = Berth.Engine.Containers.ContainerConfig;

namespace Berth.Cli.Tests.Containers;

/// <summary>
/// The container inspect view against podman 4.3.1's JSON for a created, a running and an exited container
/// (Golden/containers/inspect, recorded by ps/record.sh): the container is rebuilt from what podman's create stored
/// (identity, command, image, times, state), the facts inspect adds (paths, spec, layers) are Berth's own. Then every
/// level must have podman's keys in podman's order with podman's JSON types, and equal values once the store paths
/// of both sides are replaced by placeholders.
/// </summary>
public sealed partial class ContainerInspectGoldenTests
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "Golden", "containers", "inspect");

    /// <summary>Where podman's recording kept its store (record.sh's mktemp directory).</summary>
    private const string PodmanRoot = "/tmp/h6pod";

    private const string BerthRoot = "/var/tmp/berth-golden";

    /// <summary>
    /// Values that differ on purpose. OCIConfigPath: Berth writes the spec into its bundle under the run root, podman
    /// into the container's directory under the root.
    /// </summary>
    private static readonly Dictionary<string, (string Podman, string Berth)> AllowedDifferences = new(StringComparer.Ordinal)
    {
        ["$.OCIConfigPath"] = ("<static>/config.json", "<run>/config.json"),
    };

    [Theory]
    [InlineData("created.json")]
    [InlineData("running.json")]
    [InlineData("exited.json")]
    [InlineData("running-later-exited.json")]
    public void Build_RecordedContainer_MatchesPodmanFieldByField(string file)
    {
        using var podman = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, file)));
        var expected = podman.RootElement[0];
        var (container, facts) = Rebuild(expected);

        var output = new StringWriter();
        InspectOutput.Write(output, null, [ContainerInspectView.Build(container, facts)], isImage: false);
        using var berth = JsonDocument.Parse(output.ToString());
        var actual = berth.RootElement[0];

        var differences = new List<string>();
        Compare(expected, actual, "$", differences, container.Id, facts);
        Assert.True(differences.Count == 0, string.Join('\n', differences));
    }

    [Fact]
    public void Compare_ChangedValueOrOrder_IsReported()
    {
        // The comparison itself must see a wrong value, a missing key, a reordered key and a wrong type.
        using var a = JsonDocument.Parse("""{"A":1,"B":"x","C":[1],"D":null}""");
        using var b = JsonDocument.Parse("""{"B":"y","A":1,"C":{},"E":null}""");
        var facts = Facts("0000", spec: null, mounted: false);
        var differences = new List<string>();
        Compare(a.RootElement, b.RootElement, "$", differences, "0000", facts);
        Assert.Contains(differences, d => d.Contains("keys", StringComparison.Ordinal));
        Assert.Contains(differences, d => d.StartsWith("$.B:", StringComparison.Ordinal));
        Assert.Contains(differences, d => d.StartsWith("$.C:", StringComparison.Ordinal));
    }

    /// <summary>The Berth container podman's create and lifecycle would have stored, and Berth's facts about it.</summary>
    private static (Container, ContainerInspectFacts) Rebuild(JsonElement d)
    {
        var id = d.GetProperty("Id").GetString()!;
        var config = d.GetProperty("Config");
        var st = d.GetProperty("State");
        var cfg = new ContainerConfig
        {
            Id = id,
            ImageId = d.GetProperty("Image").GetString(),
            ImageName = d.GetProperty("ImageName").GetString()!,
            ImageDigest = d.GetProperty("ImageDigest").GetString()!,
            RawImageName = "localhost/boxy",
            Created = Time(d.GetProperty("Created")),
            CreateCommand = Strings(config.GetProperty("CreateCommand")),
            Command = Strings(config.GetProperty("Cmd")),
            EffectiveCmd = Strings(config.GetProperty("Cmd")),
            Labels = config.GetProperty("Labels") is { ValueKind: JsonValueKind.Object } l
                ? l.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)
                : new Dictionary<string, string>(),
            LogPath = $"{BerthRoot}/root/containers/{id}/userdata/ctr.log",
        };
        var status = st.GetProperty("Status").GetString()!;
        var state = new ContainerState
        {
            // What podman shows as created after `podman create` is libpod's configured state (no runtime container).
            Status = status == ContainerStatus.Created && !st.TryGetProperty("ConmonPid", out _) ? ContainerStatus.Configured : status,
            Pid = st.GetProperty("Pid").GetInt32(),
            ConmonPid = st.TryGetProperty("ConmonPid", out var conmon) ? conmon.GetInt32() : 0,
            ExitCode = st.GetProperty("ExitCode").GetInt32(),
            StartedAt = Time(st.GetProperty("StartedAt")),
            FinishedAt = Time(st.GetProperty("FinishedAt")),
            Mountpoint = status == ContainerStatus.Running ? $"{BerthRoot}/root/overlay/L2/merged" : "",
        };
        var record = new ContainerRecord(id, d.GetProperty("Name").GetString()!, cfg.ImageId, cfg.Created, "{}", status, "{}", 1);
        var container = new Container(record, cfg, state);

        // Once initialised, inspect reads the spec written then: its env, capabilities and rlimits (podman's values,
        // as Berth's spec generator produces them for this container; Berth.Runtime.Tests compares the generator).
        RuntimeSpec? spec = null;
        if (d.TryGetProperty("OCIConfigPath", out _))
        {
            spec = new RuntimeSpec
            {
                OciVersion = RuntimeSpec.PodmanOciVersion,
                Process = new RuntimeProcess
                {
                    User = new RuntimeUser { Uid = 0, Gid = 0 },
                    Cwd = "/",
                    Args = [d.GetProperty("Path").GetString()!, .. Strings(d.GetProperty("Args"))],
                    Env = Strings(config.GetProperty("Env")),
                    Capabilities = new RuntimeCapabilities { Effective = Strings(d.GetProperty("EffectiveCaps")), Bounding = Strings(d.GetProperty("BoundingCaps")) },
                    Rlimits = [.. d.GetProperty("HostConfig").GetProperty("Ulimits").EnumerateArray().Select(u => new RuntimeRlimit
                    {
                        Type = u.GetProperty("Name").GetString()!,
                        Soft = u.GetProperty("Soft").GetUInt64(),
                        Hard = u.GetProperty("Hard").GetUInt64(),
                    })],
                },
            };
        }

        return (container, Facts(id, spec, mounted: status == ContainerStatus.Running));
    }

    private static ContainerInspectFacts Facts(string id, RuntimeSpec? spec, bool mounted)
    {
        var graph = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["LowerDir"] = $"{BerthRoot}/root/overlay/L1/diff",
            ["UpperDir"] = $"{BerthRoot}/root/overlay/L2/diff",
            ["WorkDir"] = $"{BerthRoot}/root/overlay/L2/work",
        };
        if (mounted)
        {
            graph["MergedDir"] = $"{BerthRoot}/root/overlay/L2/merged";
        }

        return new ContainerInspectFacts
        {
            Bundle = $"{BerthRoot}/run/containers/{id}/userdata",
            StaticDir = $"{BerthRoot}/root/containers/{id}/userdata",
            Driver = "overlay",
            OciRuntime = "runc",
            Spec = spec,
            DefaultCapabilities = ContainersConfDefaults.Capabilities,
            GraphData = graph,
            PidsLimit = 2048,
            // /etc/containers/containers.conf.d/50-berth-bench.conf on the recording machine.
            Ulimits = [("RLIMIT_NOFILE", 20000, 20000), ("RLIMIT_NPROC", 4096, 4096)],
            // What the spec generator's env layering gives before the hostname is known (podman's defaults; boxy has no env).
            CreateEnv = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm", "container=podman"],
        };
    }

    /// <summary>A Go time cut (not rounded) to .NET's 100 ns ticks.</summary>
    private static DateTimeOffset Time(JsonElement e) =>
        DateTimeOffset.Parse(Nanoseconds().Replace(e.GetString()!, m => "." + m.Groups[1].Value + "Z"), System.Globalization.CultureInfo.InvariantCulture);

    private static string[] Strings(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? [.. e.EnumerateArray().Select(x => x.GetString()!)] : [];

    private static void Compare(JsonElement expected, JsonElement actual, string path, List<string> differences, string id, ContainerInspectFacts facts)
    {
        if (expected.ValueKind != actual.ValueKind && !(IsBool(expected) && IsBool(actual)))
        {
            differences.Add($"{path}: podman has {expected.ValueKind} {expected.GetRawText()}, Berth {actual.ValueKind} {actual.GetRawText()}");
            return;
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var want = expected.EnumerateObject().Select(p => p.Name).ToList();
                var got = actual.EnumerateObject().Select(p => p.Name).ToList();
                if (!want.SequenceEqual(got, StringComparer.Ordinal))
                {
                    differences.Add($"{path}: keys differ\n  podman: {string.Join(", ", want)}\n  Berth:  {string.Join(", ", got)}");
                }

                foreach (var p in expected.EnumerateObject())
                {
                    if (actual.TryGetProperty(p.Name, out var other))
                    {
                        Compare(p.Value, other, path + "." + p.Name, differences, id, facts);
                    }
                }

                break;
            case JsonValueKind.Array:
                var a = expected.EnumerateArray().ToList();
                var b = actual.EnumerateArray().ToList();
                if (path.EndsWith(".Config.Env", StringComparison.Ordinal))
                {
                    // podman builds the environment from a Go map: its order is random.
                    a = [.. a.OrderBy(x => x.GetString(), StringComparer.Ordinal)];
                    b = [.. b.OrderBy(x => x.GetString(), StringComparer.Ordinal)];
                }

                if (a.Count != b.Count)
                {
                    differences.Add($"{path}: podman has {a.Count} elements {expected.GetRawText()}, Berth {b.Count} {actual.GetRawText()}");
                    return;
                }

                for (var i = 0; i < a.Count; i++)
                {
                    Compare(a[i], b[i], $"{path}[{i}]", differences, id, facts);
                }

                break;
            case JsonValueKind.String:
                var x = NormalisePodman(expected.GetString()!, id);
                var y = NormaliseBerth(actual.GetString()!, facts);
                if (x != y && !(AllowedDifferences.TryGetValue(path, out var allowed) && allowed == (x, y)))
                {
                    differences.Add($"{path}: podman \"{x}\", Berth \"{y}\"");
                }

                break;
            default:
                if (expected.GetRawText() != actual.GetRawText())
                {
                    differences.Add($"{path}: podman {expected.GetRawText()}, Berth {actual.GetRawText()}");
                }

                break;
        }
    }

    private static bool IsBool(JsonElement e) => e.ValueKind is JsonValueKind.True or JsonValueKind.False;

    /// <summary>Go keeps nanoseconds, .NET 100 ns ticks: podman's times are cut to seven digits (trailing zeros dropped, as Go prints).</summary>
    private static string NormalisePodman(string value, string id) => PodmanLayer().Replace(
        Nanoseconds().Replace(value, m => m.Groups[1].Value.TrimEnd('0') is { Length: > 0 } f ? "." + f + "Z" : "Z")
            .Replace($"{PodmanRoot}/root/overlay-containers/{id}/userdata", "<static>", StringComparison.Ordinal)
            .Replace($"{PodmanRoot}/run/overlay-containers/{id}/userdata", "<run>", StringComparison.Ordinal),
        "<layer>");

    private static string NormaliseBerth(string value, ContainerInspectFacts facts) => BerthLayer().Replace(
        value.Replace(facts.StaticDir, "<static>", StringComparison.Ordinal).Replace(facts.Bundle, "<run>", StringComparison.Ordinal),
        "<layer>");

    [GeneratedRegex(@"\.(\d{1,7})\d*Z$")]
    private static partial Regex Nanoseconds();

    [GeneratedRegex("/tmp/h6pod/root/overlay/[0-9a-f]{64}")]
    private static partial Regex PodmanLayer();

    [GeneratedRegex("/var/tmp/berth-golden/root/overlay/L[0-9]")]
    private static partial Regex BerthLayer();
}
