namespace Berth.Engine.Containers;

/// <summary>
/// The lifecycle, as libpod's: configured (in the store, nothing in the runtime) → created (runtime container made,
/// process not started) → running ⇄ paused → stopping → stopped (runtime says exited) → exited (cleaned up: root file
/// system unmounted, runtime container deleted). <c>start</c> works from configured, created, stopped and exited.
/// </summary>
public static class ContainerStatus
{
    public const string Configured = "configured";
    public const string Created = "created";
    public const string Running = "running";
    public const string Paused = "paused";
    public const string Stopping = "stopping";
    public const string Stopped = "stopped";
    public const string Exited = "exited";
    public const string Removing = "removing";

    /// <summary>A runtime container exists whose process may be alive (its exit must be noticed).</summary>
    public static bool IsActive(string status) => status is Created or Running or Paused or Stopping;

    /// <summary>The name podman's inspect shows (configured is shown as "created").</summary>
    public static string Shown(string status) => status == Configured ? Created : status;
}

/// <summary>A container's mutable state (libpod's ContainerState), kept as JSON in the store.</summary>
public sealed record ContainerState
{
    public string Status { get; init; } = ContainerStatus.Configured;

    public int Pid { get; init; }

    public int ConmonPid { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset FinishedAt { get; init; }

    public int ExitCode { get; init; }

    public bool OomKilled { get; init; }

    public string Error { get; init; } = "";

    public int RestartCount { get; init; }

    /// <summary>The kernel boot the runtime state belongs to; another boot means the container is not running.</summary>
    public string BootId { get; init; } = "";

    /// <summary>The root file system's mount point while the runtime holds it.</summary>
    public string Mountpoint { get; init; } = "";

    /// <summary><c>stop</c> ended it: restart policies other than always do not restart it.</summary>
    public bool StoppedByUser { get; init; }

    public HealthState? Health { get; init; }

    /// <summary>
    /// The network namespace file Berth made for bridge mode (<c>/run/netns/netns-…</c>); recorded before netavark
    /// runs, so cleanup after a crash knows what to tear down. Empty when none is held.
    /// </summary>
    public string NetNsPath { get; init; } = "";

    /// <summary>The network definitions netavark was given at setup: teardown uses them even when a file changed or went.</summary>
    public IReadOnlyDictionary<string, Berth.Network.Model.NetworkDefinition>? NetworkDefinitions { get; init; }

    /// <summary>netavark's answer per network while the network is set up (addresses, MACs, DNS servers).</summary>
    public IReadOnlyDictionary<string, Berth.Network.Netavark.NetworkStatus>? NetworkStatus { get; init; }

    /// <summary>The volumes this run of the container holds mounted (counted); cleanup releases them.</summary>
    public IReadOnlyList<string> MountedVolumes { get; init; } = [];

    /// <summary>The image layers mounted for <c>--mount type=image</c> (chain IDs); cleanup releases them.</summary>
    public IReadOnlyList<string> MountedImageLayers { get; init; } = [];

    /// <summary>The exec sessions that exist (podman's ExecIDs): added when one is created, removed when it ends.</summary>
    public IReadOnlyList<string> ExecIds { get; init; } = [];
}

/// <summary>Healthcheck results as inspect shows them.</summary>
public sealed record HealthState
{
    public string Status { get; init; } = "starting";
    public int FailingStreak { get; init; }
    public IReadOnlyList<HealthLogEntry> Log { get; init; } = [];
}

public sealed record HealthLogEntry(DateTimeOffset Start, DateTimeOffset End, int ExitCode, string Output);
