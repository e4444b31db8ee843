using System.Globalization;
using Berth.Config;

namespace Berth.Cli.Commands;

/// <summary>
/// The flag defaults podman 4.3 takes from containers.conf for run/create and the stop timeouts (so help prints them
/// and an unchanged flag carries them): <c>--env</c>, <c>--ulimit</c>, <c>--pids-limit</c>, <c>--log-driver</c>, …
/// </summary>
public sealed record ContainerFlagDefaults
{
    public required IReadOnlyList<string> Env { get; init; }

    public required IReadOnlyList<string> Ulimits { get; init; }

    public required string DetachKeys { get; init; }

    public required string Cgroups { get; init; }

    public required bool HttpProxy { get; init; }

    public required string ImageVolume { get; init; }

    public required string InitPath { get; init; }

    public required string LogDriver { get; init; }

    public required long PidsLimit { get; init; }

    public required string PullPolicy { get; init; }

    public required string ShmSize { get; init; }

    public required uint StopTimeout { get; init; }

    public required string Tz { get; init; }

    public required string Umask { get; init; }

    /// <summary>containers-common's compiled-in values (no containers.conf file).</summary>
    public static ContainerFlagDefaults Builtin { get; } = new()
    {
        Env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"],
        Ulimits = [],
        DetachKeys = "ctrl-p,ctrl-q",
        Cgroups = "enabled",
        HttpProxy = true,
        ImageVolume = "bind",
        InitPath = "",
        LogDriver = "k8s-file",
        PidsLimit = 2048,
        PullPolicy = "missing",
        ShmSize = "65536k",
        StopTimeout = 10,
        Tz = "",
        Umask = "0022",
    };

    /// <summary>The values of a loaded containers.conf, as podman's flag definitions read them.</summary>
    public static ContainerFlagDefaults From(ContainersConf conf) => new()
    {
        Env = conf.Containers.Env,
        Ulimits = conf.Containers.DefaultUlimits,
        DetachKeys = conf.Engine.DetachKeys,
        Cgroups = conf.Containers.Cgroups,
        HttpProxy = conf.Containers.HttpProxy,
        ImageVolume = conf.Engine.ImageVolumeMode,
        InitPath = conf.Containers.InitPath,
        LogDriver = conf.Containers.LogDriver,
        PidsLimit = conf.Containers.PidsLimit,
        PullPolicy = conf.Engine.PullPolicy,
        ShmSize = conf.Containers.ShmSize,
        StopTimeout = conf.Engine.StopTimeout,
        Tz = conf.Containers.Tz,
        Umask = conf.Containers.Umask,
    };

    /// <summary>How pflag prints a list default: <c>[a,b]</c>; an empty list is its zero value and is not printed.</summary>
    internal static string? ListDefault(IReadOnlyList<string> values) => values.Count == 0 ? null : $"[{string.Join(',', values)}]";

    internal string StopTimeoutText => StopTimeout.ToString(CultureInfo.InvariantCulture);
}
