using Berth.Engine.Containers;
using Berth.Storage.Containers;

namespace Berth.Engine.Tests.Containers;

/// <summary>The listing's partial read of a stored configuration agrees with the full one on every field it reads.</summary>
public sealed class ContainerListConfigTests
{
    // A configuration as `berth create` stores it, with the fields ps reads set and nested values ps must skip.
    private const string Stored = """
        {"Id":"39553b98e4d1415bb0b8cc4d820020bf02ea1c8f0125981b228e616abd6737df","ImageId":"24082d0e06b0cf1cc9b9f81210da427b36ee74b8fcc2c2ec09f84e3c74c1759f",
        "ImageName":"localhost/boxy:latest","ImageDigest":"sha256:7acf","RawImageName":"localhost/boxy","Created":"2026-12-05T13:45:52.0928443+00:00",
        "CreateCommand":["berth","create","localhost/boxy"],"Command":["sleep","1"],"EffectiveEntrypoint":["/bin/sh","-c"],"EffectiveCmd":["sleep 1","x y"],
        "Env":["A=1"],"Sysctls":{"net.x":"1"},"Labels":{"a":"b","empty":"","k=v":"\u00e9"},"Annotations":{"x":"y"},"AutoRemove":true,"RestartPolicy":"on-failure",
        "RestartRetries":3,"Resources":{"PidsLimit":2048,"Memory":1000},"Healthcheck":{"Test":["CMD-SHELL","true"],"Interval":1000000000,"Timeout":2,"StartPeriod":3,"Retries":4},
        "Mask":[],"ExposedPorts":[],"PortMappings":[{"host_ip":"127.0.0.1","container_port":53,"host_port":45057,"range":1,"protocol":"udp"},
        {"host_ip":"","container_port":9000,"host_port":9000,"range":3,"protocol":"tcp"}]}
        """;

    private static Container Full(string json) =>
        Container.From(new ContainerRecord("39553b98e4d1415bb0b8cc4d820020bf02ea1c8f0125981b228e616abd6737df", "n", null, DateTimeOffset.UnixEpoch, json, "configured", "{}", 1));

    [Fact]
    public void Read_StoredConfig_MatchesFullParseOnListedFields()
    {
        var full = Full(Stored).Config;
        var partial = ContainerListConfig.Read(Stored);
        Assert.Equal(full.Id, partial.Id);
        Assert.Equal(full.ImageId, partial.ImageId);
        Assert.Equal(full.ImageName, partial.ImageName);
        Assert.Equal(full.Created, partial.Created);
        Assert.Equal(full.EffectiveEntrypoint, partial.EffectiveEntrypoint);
        Assert.Equal(full.EffectiveCmd, partial.EffectiveCmd);
        Assert.Equal(full.Labels.OrderBy(kv => kv.Key), partial.Labels.OrderBy(kv => kv.Key));
        Assert.Equal("\u00e9", partial.Labels["k=v"]);
        Assert.Equal((true, "on-failure"), (partial.AutoRemove, partial.RestartPolicy));
        var (want, got) = (Assert.IsType<HealthcheckConfig>(full.Healthcheck), Assert.IsType<HealthcheckConfig>(partial.Healthcheck));
        Assert.Equal((want.Interval, want.Timeout, want.StartPeriod, want.Retries), (got.Interval, got.Timeout, got.StartPeriod, got.Retries));
        Assert.Equal(want.Test, got.Test);
        Assert.Equal(full.PortMappings, partial.PortMappings);
        Assert.Equal(2, partial.PortMappings.Count);
        // Members it does not read keep their defaults.
        Assert.Empty(partial.Env);
        Assert.Null(partial.Resources.PidsLimit);
    }

    [Fact]
    public void Read_MinimalConfig_KeepsDeclaredDefaults()
    {
        const string json = """{"Id":"39553b98e4d1415bb0b8cc4d820020bf02ea1c8f0125981b228e616abd6737df","Created":"2026-12-05T13:45:52Z","ImageId":null,"Healthcheck":null}""";
        var full = new ContainerConfig { Id = "x", Created = default };
        var partial = ContainerListConfig.Read(json);
        Assert.Equal(DateTimeOffset.Parse("2026-12-05T13:45:52Z", System.Globalization.CultureInfo.InvariantCulture), partial.Created);
        Assert.Equal((full.ImageId, full.ImageName, full.AutoRemove, full.RestartPolicy, full.Healthcheck), (partial.ImageId, partial.ImageName, partial.AutoRemove, partial.RestartPolicy, partial.Healthcheck));
        Assert.Empty(partial.EffectiveCmd);
        Assert.Empty(partial.Labels);
    }

    [Fact]
    public void Read_NotAnObjectOrWithoutId_Throws()
    {
        Assert.Equal(ErrorKind.Internal, Assert.Throws<BerthException>(() => ContainerListConfig.Read("[]")).Kind);
        Assert.Equal(ErrorKind.Internal, Assert.Throws<BerthException>(() => ContainerListConfig.Read("""{"Created":"2026-12-05T13:45:52Z"}""")).Kind);
    }
}
