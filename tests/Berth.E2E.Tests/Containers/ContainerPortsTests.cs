using System.Text.Json;

namespace Berth.E2E.Tests.Containers;

/// <summary>
/// Published ports on the command line of the built binary, on containers that are created and never started (no
/// traffic): what create stores, as ps, inspect and port show it, and podman's errors for bad values.
/// </summary>
public sealed class ContainerPortsTests : IClassFixture<ContainerStoreFixture>
{
    private readonly ContainerStoreFixture _f;

    public ContainerPortsTests(ContainerStoreFixture fixture) => _f = fixture;

    private RunResult Ok(params string[] args)
    {
        var r = _f.Berth(args);
        Assert.True(r.ExitCode == 0, $"berth {string.Join(' ', args)} exited {r.ExitCode}: {r.Stderr}");
        return r;
    }

    [Fact]
    public void Create_PublishedAndExposed_ShownByPsInspectAndPort()
    {
        var id = Ok("create", "--name", "ports-a", "-p", "8092:80", "-p", "9000-9002:9000-9002/udp", "-p", "8093:81", "--expose", "7000", "box", "sleep", "1").Stdout.Trim();

        Assert.Equal(
            "0.0.0.0:8092-8093->80-81/tcp, 0.0.0.0:9000-9002->9000-9002/udp\n",
            Ok("ps", "-a", "--filter", "id=" + id, "--format", "{{.Ports}}").Stdout);
        using var ps = JsonDocument.Parse(Ok("ps", "-a", "--filter", "id=" + id, "--format", "json").Stdout);
        Assert.Equal(
            """[{"host_ip":"","container_port":80,"host_port":8092,"range":2,"protocol":"tcp"},{"host_ip":"","container_port":9000,"host_port":9000,"range":3,"protocol":"udp"}]""",
            JsonSerializer.Serialize(ps.RootElement[0].GetProperty("Ports")));

        Assert.Equal(
            """{"7000/tcp":null,"80/tcp":[{"HostIp":"","HostPort":"8092"}],"81/tcp":[{"HostIp":"","HostPort":"8093"}],"9000/udp":[{"HostIp":"","HostPort":"9000"}],"9001/udp":[{"HostIp":"","HostPort":"9001"}],"9002/udp":[{"HostIp":"","HostPort":"9002"}]}""" + "\n",
            Ok("inspect", "--format", "{{json .NetworkSettings.Ports}}", id).Stdout);
        Assert.Equal("FALSE\n", Ok("inspect", "--format", "{{index .Config.Annotations \"io.podman.annotations.publish-all\"}}", id).Stdout);

        // podman's port lists running containers only.
        Assert.Equal("", Ok("port", "ports-a").Stdout);
        Assert.Equal("", Ok("port", "ports-a", "80").Stdout);
    }

    [Fact]
    public void Create_PublishAll_ImageExposeAndExposeFlagPublished()
    {
        var tar = Path.Combine(_f.Dir.Path, "box.tar");
        Ok("import", "-q", "--change", "EXPOSE 8080 53/udp", tar, "boxexposed");
        var id = Ok("create", "-P", "--expose", "7000-7001", "-p", "127.0.0.1:8080:8080", "boxexposed", "true").Stdout.Trim();

        // Without a host port the engine picks one at create; the container side is fixed.
        using var ps = JsonDocument.Parse(Ok("ps", "-a", "--filter", "id=" + id, "--format", "json").Stdout);
        var ports = ps.RootElement[0].GetProperty("Ports").EnumerateArray()
            .Select(p => $"{p.GetProperty("host_ip").GetString()}:{p.GetProperty("container_port").GetUInt16()}/{p.GetProperty("protocol").GetString()}")
            .ToList();
        Assert.Equal(["127.0.0.1:8080/tcp", ":53/udp", ":7000/tcp", ":7001/tcp"], ports);
        Assert.Equal("TRUE\n", Ok("inspect", "--format", "{{index .Config.Annotations \"io.podman.annotations.publish-all\"}}", id).Stdout);
    }

    [Fact]
    public void Create_NetworkNone_PortsDiscardedWithPodmansWarning()
    {
        var r = Ok("create", "--network", "none", "-p", "8080:80", "--expose", "90", "box", "true");
        Assert.Equal("Port mappings have been discarded as one of the Host, Container, Pod, and None network modes are in use\n", r.Stderr);
        var id = r.Stdout.Trim();
        Assert.Equal("\n", Ok("ps", "-a", "--filter", "id=" + id, "--format", "{{.Ports}}").Stdout);
        Assert.Equal("{} {}\n", Ok("inspect", "--format", "{{json .NetworkSettings.Ports}} {{json .HostConfig.PortBindings}}", id).Stdout);
    }

    [Theory]
    [InlineData("Error: parsing container port: invalid port number: strconv.Atoi: parsing \"abc\": invalid syntax", "-p", "abc")]
    [InlineData("Error: parsing host port: port numbers must be between 1 and 65535 (inclusive), got 70000", "-p", "70000:80")]
    [InlineData("Error: host and container port ranges have different lengths: 3 vs 1", "-p", "8080-8082:80")]
    [InlineData("Error: conflicting port mappings for host port 8081 (protocol tcp)", "-p", "8080-8082:80-82", "-p", "8081:82")]
    [InlineData("Error: unrecognized protocol \"foo\" in port mapping", "-p", "80/foo")]
    [InlineData("Error: invalid range format for --expose: abc: strconv.ParseUint: parsing \"abc\": invalid syntax", "--expose", "abc")]
    [InlineData("Error: validating protocols for exposed port 7000: protocol SCTP is not allowed for exposed ports", "--expose", "7000/sctp")]
    public void Create_BadPorts_PodmansErrorAndNoContainer(string error, params string[] flags)
    {
        var name = "ports-bad-" + Guid.NewGuid().ToString("N")[..8];
        var r = _f.Berth(["create", "--name", name, .. flags, "box", "true"]);
        Assert.Equal((125, "", error + "\n"), (r.ExitCode, r.Stdout, r.Stderr));
        Assert.Equal("", Ok("ps", "-a", "-q", "--filter", "name=" + name).Stdout);
    }
}
