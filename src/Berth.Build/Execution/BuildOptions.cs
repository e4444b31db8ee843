using Berth.Build.Builders;

namespace Berth.Build.Execution;

/// <summary>A secret a RUN step may mount (<c>--secret id=…,src=…</c>).</summary>
public sealed record BuildSecret(string Id, string Source);

/// <summary>What <c>berth build</c> / <c>buildah bud</c> was asked, already checked by the CLI.</summary>
public sealed record BuildOptions
{
    /// <summary>The build context: a directory on the host (tarballs and URLs are unpacked there first).</summary>
    public required string ContextDirectory { get; init; }

    /// <summary>The context's ignore patterns (.containerignore/.dockerignore/--ignorefile).</summary>
    public Context.IgnorePatterns Ignore { get; init; } = Context.IgnorePatterns.None;

    /// <summary>The Containerfile's text and the name errors use for it.</summary>
    public required string ContainerfileText { get; init; }

    public required string ContainerfileName { get; init; }

    /// <summary><c>-t</c> names, already normalised (<c>localhost/x:latest</c>).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The first <c>-t</c> as the user wrote it (podman prints it in <c>COMMIT name</c>).</summary>
    public string? TagAsGiven { get; init; }

    /// <summary><c>--build-arg</c> (and <c>--build-arg-file</c>) values; a null value means "from the environment".</summary>
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    /// <summary><c>--target</c>: the last stage to build; null = the last one in the file.</summary>
    public string? Target { get; init; }

    public bool NoCache { get; init; }

    /// <summary><c>--layers</c> (default true): an image per step, reused as the cache.</summary>
    public bool Layers { get; init; } = true;

    /// <summary><c>--squash</c>: the new content of the final stage as one layer over the base's layers.</summary>
    public bool Squash { get; init; }

    /// <summary><c>--squash-all</c>: the whole root file system as the only layer.</summary>
    public bool SquashAll { get; init; }

    /// <summary><c>--pull</c>: missing (default), always, never, newer.</summary>
    public string PullPolicy { get; init; } = "missing";

    /// <summary>"oci" (default) or "docker".</summary>
    public string Format { get; init; } = "oci";

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary><c>--env</c> "KEY=value" entries added to the final image config (and seen by RUN).</summary>
    public IReadOnlyList<string> Env { get; init; } = [];

    /// <summary><c>--network</c> for RUN steps: the default network unless set.</summary>
    public RunNetwork Network { get; init; } = RunNetwork.Default;

    /// <summary><c>--dns</c>, <c>--dns-search</c>, <c>--dns-option</c>, <c>--add-host</c>, <c>--no-hosts</c> for RUN steps.</summary>
    public RunNetworkFiles NetworkFiles { get; init; } = new();

    /// <summary><c>-v</c> bind mounts for RUN steps, "src:dst[:opts]".</summary>
    public IReadOnlyList<string> Volumes { get; init; } = [];

    public IReadOnlyList<BuildSecret> Secrets { get; init; } = [];

    /// <summary><c>--timestamp</c>: creation time of every new image and history entry.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary><c>--rm</c> (default true): remove the working containers after a successful build.</summary>
    public bool RemoveContainers { get; init; } = true;

    /// <summary><c>--force-rm</c>: remove them after a failed one too.</summary>
    public bool ForceRemoveContainers { get; init; }

    /// <summary><c>-q</c>: only the final image ID is printed.</summary>
    public bool Quiet { get; init; }

    /// <summary><c>--jobs</c>: stages built at once (1 = one after another).</summary>
    public int Jobs { get; init; } = 1;
}

/// <summary>What a build made.</summary>
public sealed record BuildResult(string ImageId, IReadOnlyList<string> Tags);
