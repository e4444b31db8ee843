using System.Text.Json;
using Berth.Cli.CommandLine;
using Berth.Cli.Commands;
using Berth.Cli.Output;
using Berth.Cli.Personalities;
using Berth.Engine.Containers;
using Berth.Network.Netavark;
using Berth.Storage.Containers;

namespace Berth.Cli.Tests.Containers;

/// <summary>
/// Published ports from the command line to ps and inspect, against podman 4.3.1's created containers
/// (Golden/containers/ports, re-record with its record.sh): Berth parses and merges the same flags, takes the random host
/// ports podman picked, then ps PORTS, ps JSON's Ports and inspect's PortBindings/Ports/publish-all must be podman's.
/// </summary>
public sealed class ContainerPortsGoldenTests
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "Golden", "containers", "ports");

    private static readonly CommandSpec Root = PodmanTree.Create("podman");

    public static TheoryData<string, string[]> Recorded => new()
    {
        { "ports-c1", ["-p", "8092:80", "-p", "9000-9002:9000-9002/udp", "-p", "127.0.0.1::53", "-P", "--expose", "7000"] },
        { "ports-c2", ["--expose", "7000/udp", "--expose", "80-81", "-p", "1.2.3.4:8080:80", "-p", "8081:81"] },
    };

    [Theory]
    [MemberData(nameof(Recorded))]
    public void Views_RecordedFlags_MatchPodman(string name, string[] flags)
    {
        using var inspect = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, name + ".inspect.json")));
        using var ps = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, name + ".ps.json")));
        var podmanPorts = ps.RootElement[0].GetProperty("Ports");
        var c = Rebuild(inspect.RootElement[0], flags, podmanPorts);

        var text = new StringWriter();
        ContainerListOutput.Write(text, TextWriter.Null, [new ContainerListEntry(c)], new ContainerListOptions { Format = "{{.Ports}}" }, DateTimeOffset.UtcNow);
        Assert.Equal(File.ReadAllText(Path.Combine(Dir, name + ".ps.txt")), text.ToString());

        using var json = JsonDocument.Parse(ViewJson.Compact(ContainerViews.Json(new ContainerListEntry(c), DateTimeOffset.UtcNow, showNamespaces: false)));
        Assert.Equal(Compact(podmanPorts), Compact(json.RootElement.GetProperty("Ports")));

        var podman = inspect.RootElement[0];
        Assert.Equal(Compact(podman.GetProperty("HostConfig").GetProperty("PortBindings")), ViewJson.Compact(PortViews.PortBindings(c.Config)));
        Assert.Equal(Compact(podman.GetProperty("NetworkSettings").GetProperty("Ports")), ViewJson.Compact(PortViews.InspectPorts(c.Config)));
    }

    [Fact]
    public void Inspect_PublishAll_AnnotationAndMaps()
    {
        using var inspect = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "ports-c1.inspect.json")));
        using var ps = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "ports-c1.ps.json")));
        var c = Rebuild(inspect.RootElement[0], Recorded.First()[1] as string[] ?? [], ps.RootElement[0].GetProperty("Ports"));
        var facts = new ContainerInspectFacts { Bundle = "/b", StaticDir = "/s", Driver = "overlay", OciRuntime = "runc" };
        using var berth = JsonDocument.Parse(ViewJson.Compact(ContainerInspectView.Build(c, facts)));
        var podman = inspect.RootElement[0];
        Assert.Equal("TRUE", berth.RootElement.GetProperty("Config").GetProperty("Annotations").GetProperty("io.podman.annotations.publish-all").GetString());
        Assert.Equal(Compact(podman.GetProperty("HostConfig").GetProperty("PortBindings")), Compact(berth.RootElement.GetProperty("HostConfig").GetProperty("PortBindings")));
        Assert.Equal(Compact(podman.GetProperty("NetworkSettings").GetProperty("Ports")), Compact(berth.RootElement.GetProperty("NetworkSettings").GetProperty("Ports")));
    }

    [Fact]
    public void Inspect_NetworkHost_NoPortBindings()
    {
        // podman's HostConfig.PortBindings is {} without a network namespace of the container's own; Ports follows the config.
        var cfg = new ContainerConfig { Id = new string('a', 64), Created = DateTimeOffset.UnixEpoch, NetworkMode = "host", ExposedPorts = ["80/tcp"] };
        Assert.Equal("{}", ViewJson.Compact(PortViews.PortBindings(cfg)));
        Assert.Equal("""{"80/tcp":null}""", ViewJson.Compact(PortViews.InspectPorts(cfg)));
    }

    [Fact]
    public void ResolvePorts_NetworkHost_DiscardedWithPodmansWarning()
    {
        var warnings = new StringWriter();
        var (mappings, exposed) = Flags(["--network", "host", "-p", "8080:80", "--expose", "90"]).ResolvePorts(["443/tcp"], warnings);
        Assert.Empty(mappings);
        Assert.Empty(exposed);
        Assert.Equal("Port mappings have been discarded as one of the Host, Container, Pod, and None network modes are in use\n", warnings.ToString());
        warnings.GetStringBuilder().Clear();
        _ = Flags(["--network", "none", "-P", "--expose", "90"]).ResolvePorts(null, warnings);
        Assert.Equal("", warnings.ToString());
    }

    [Fact]
    public void ResolvePorts_PublishAll_ImageExposeGetsRandomPorts()
    {
        var (mappings, exposed) = Flags(["-P", "-p", "8080:80"]).ResolvePorts(["80/tcp", "53/udp"], TextWriter.Null);
        Assert.Equal(["53/udp", "80/tcp"], exposed);
        Assert.Equal("0.0.0.0:8080->80/tcp, 0.0.0.0:0->53/udp", Berth.Network.Ports.PortDisplay.PsText(mappings));
    }

    private static CreateFlags Flags(string[] flags)
    {
        var invocation = CommandLineParser.Parse(Root, ["create", .. flags, "img"], TextWriter.Null, TextWriter.Null);
        return CreateFlags.Parse(invocation.Options, invocation.Arguments, invocation.Command.Path);
    }

    /// <summary>The container Berth's create would store for the flags, with podman's random host ports in place of 0.</summary>
    private static Container Rebuild(JsonElement d, string[] flags, JsonElement podmanPorts)
    {
        var (mappings, exposed) = Flags(flags).ResolvePorts(null, TextWriter.Null);
        var podman = podmanPorts.EnumerateArray().ToList();
        Assert.Equal(podman.Count, mappings.Count);
        var picked = new List<PortMapping>();
        for (var i = 0; i < mappings.Count; i++)
        {
            var hostPort = podman[i].GetProperty("host_port").GetUInt16();
            Assert.True(mappings[i].HostPort == 0 || mappings[i].HostPort == hostPort, $"mapping {i}: Berth {mappings[i]}, podman {podman[i]}");
            picked.Add(mappings[i] with { HostPort = hostPort });
        }

        var cfg = new ContainerConfig
        {
            Id = d.GetProperty("Id").GetString()!,
            Created = DateTimeOffset.Parse(d.GetProperty("Created").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            NetworkMode = d.GetProperty("HostConfig").GetProperty("NetworkMode").GetString()!,
            PortMappings = picked,
            ExposedPorts = exposed,
            PublishAll = flags.Contains("-P"),
        };
        var record = new ContainerRecord(cfg.Id, d.GetProperty("Name").GetString()!, null, cfg.Created, "{}", ContainerStatus.Configured, "{}", 1);
        return new Container(record, cfg, new ContainerState { Status = ContainerStatus.Configured });
    }

    private static string Compact(JsonElement e) => JsonSerializer.Serialize(e);
}
