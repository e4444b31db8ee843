using System.Text.Json;
using Berth.Engine.Containers;
using Berth.Network.Netavark;
using Berth.Storage.Containers;

namespace Berth.Engine.Tests.Containers;

/// <summary>The serialization-only context writes exactly what the metadata context writes (and so what readers read).</summary>
public sealed class ContainerWriterJsonTests
{
    private const string Stored = """
        {"Id":"39553b98e4d1415bb0b8cc4d820020bf02ea1c8f0125981b228e616abd6737df","ImageId":"24082d0e06b0cf1cc9b9f81210da427b36ee74b8fcc2c2ec09f84e3c74c1759f",
        "ImageName":"localhost/boxy:latest","Created":"2026-12-05T13:45:52.0928443+00:00","CreateCommand":["berth","create","localhost/boxy"],
        "Command":["sleep","1"],"Env":["A=1"],"Sysctls":{"net.x":"1"},"Labels":{"a":"b","k=v":"\u00e9 <&>"},"AutoRemove":true,"RestartPolicy":"on-failure",
        "RestartRetries":3,"Resources":{"PidsLimit":2048,"Memory":1000},"Healthcheck":{"Test":["CMD-SHELL","true"],"Interval":1000000000,"Retries":4},
        "PortMappings":[{"host_ip":"127.0.0.1","container_port":53,"host_port":45057,"range":1,"protocol":"udp"}]}
        """;

    [Fact]
    public void Serialize_Config_SameAsMetadataSerializer()
    {
        var config = Container.From(new ContainerRecord("39553b98e4d1415bb0b8cc4d820020bf02ea1c8f0125981b228e616abd6737df", "n", null, DateTimeOffset.UnixEpoch, Stored, "configured", "{}", 1)).Config;
        var written = Container.Serialize(config);
        Assert.Equal(JsonSerializer.Serialize(config, ContainerJsonContext.Default.ContainerConfig), written);
        Assert.Contains("\"PidsLimit\":2048", written, StringComparison.Ordinal);
    }

    [Fact]
    public void Change_State_SameAsMetadataSerializerAndReadsBack()
    {
        var state = new ContainerState
        {
            Status = ContainerStatus.Running,
            Pid = 42,
            StartedAt = DateTimeOffset.Parse("2026-12-05T13:45:52Z", System.Globalization.CultureInfo.InvariantCulture),
            Health = new HealthState { Status = "healthy", Log = [new HealthLogEntry(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 0, "ok")] },
            NetNsPath = "/run/netns/x",
            NetworkStatus = new Dictionary<string, NetworkStatus> { ["podman"] = new NetworkStatus() },
            MountedVolumes = ["v"],
        };
        var change = Container.Change(state);
        Assert.Equal(JsonSerializer.Serialize(state, ContainerJsonContext.Default.ContainerState), change.StateJson);
        var back = JsonSerializer.Deserialize(change.StateJson, ContainerJsonContext.Default.ContainerState)!;
        Assert.Equal((state.Status, state.Pid, state.StartedAt, state.NetNsPath), (back.Status, back.Pid, back.StartedAt, back.NetNsPath));
        Assert.Equal("ok", Assert.Single(back.Health!.Log).Output);
    }
}
