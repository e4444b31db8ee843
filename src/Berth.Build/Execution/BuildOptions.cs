using Berth.Build.Builders;

namespace Berth.Build.Execution;

/// <summary>A secret a RUN step may mount (<c>--secret id=…,src=…</c>).</summary>
public sealed record BuildSecret(string Id, string Source);

/// <summary>A <c>--build-context name=…</c>: a directory on the host (a downloaded URL is unpacked into one), or an
/// image (<c>docker-image://</c>, <c>container-image://</c>).</summary>
public sealed record NamedContext(string? Directory, string? Image);

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

    /// <summary><c>--annotation</c>: added to the final image's manifest (OCI format; Docker manifests have no annotations).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary><c>--unsetenv</c>: variables removed from the final image's config.</summary>
    public IReadOnlyList<string> UnsetEnv { get; init; } = [];

    /// <summary><c>--omit-history</c>: the final image has no history entries.</summary>
    public bool OmitHistory { get; init; }

    /// <summary><c>--env</c> "KEY=value" entries added to the final image config (and seen by RUN).</summary>
    public IReadOnlyList<string> Env { get; init; } = [];

    /// <summary><c>--network</c> for RUN steps: the default network unless set.</summary>
    public RunNetwork Network { get; init; } = RunNetwork.Default;

    /// <summary><c>--dns</c>, <c>--dns-search</c>, <c>--dns-option</c>, <c>--add-host</c>, <c>--no-hosts</c> for RUN steps.</summary>
    public RunNetworkFiles NetworkFiles { get; init; } = new();

    /// <summary>Resource, security, namespace and device flags of every RUN container (not part of the cache key: podman's rule).</summary>
    public Builders.RunContainerOptions RunContainer { get; init; } = Builders.RunContainerOptions.Default;

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

    /// <summary><c>--iidfile</c> is given: podman then leaves out the "--&gt; id" lines.</summary>
    public bool WritesIidFile { get; init; }

    /// <summary><c>--build-context</c>: more contexts, used by <c>COPY --from=name</c> and <c>FROM name</c> when no earlier
    /// stage has that name.</summary>
    public IReadOnlyDictionary<string, NamedContext> NamedContexts { get; init; } = new Dictionary<string, NamedContext>();

    /// <summary><c>--output</c>: where the final image's root file system is written too; null = nowhere.</summary>
    public BuildExportTarget? Output { get; init; }

    /// <summary>Standard output, for <c>--output -</c> (the build's own lines then go elsewhere).</summary>
    public Stream? OutputStream { get; init; }

    /// <summary><c>--from</c>: the image the first stage starts from instead of the one its FROM names.</summary>
    public string? From { get; init; }

    /// <summary><c>--jobs</c>: stages built at once (1 = one after another, 0 = no limit).</summary>
    public int Jobs { get; init; } = 1;

    /// <summary><c>--cache-from</c>: a repository whose <c>repo:&lt;cache key&gt;</c> images are tried after a local cache miss.</summary>
    public RegistryCache? CacheFrom { get; init; }

    /// <summary><c>--cache-to</c>: a repository each step's image is pushed to as <c>repo:&lt;cache key&gt;</c>.</summary>
    public RegistryCache? CacheTo { get; init; }

    /// <summary><c>--cache-ttl</c>: cache images created longer ago are ignored; null (or zero, as podman 4.3.1) = no limit.</summary>
    public TimeSpan? CacheTtl { get; init; }
}

/// <summary>What a build made.</summary>
public sealed record BuildResult(string ImageId, IReadOnlyList<string> Tags);
