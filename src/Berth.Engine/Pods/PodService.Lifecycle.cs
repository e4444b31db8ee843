using Berth.Engine.Containers;
using Berth.Network.Netavark;
using Berth.Storage.Pods;

namespace Berth.Engine.Pods;

/// <summary>What <c>pod create</c> asks for.</summary>
public sealed record PodCreateRequest
{
    /// <summary>The name; null = a generated one.</summary>
    public string? Name { get; init; }

    /// <summary><c>--replace</c>: a pod holding the name is removed first (with its containers).</summary>
    public bool Replace { get; init; }

    public IReadOnlyList<string> CreateCommand { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The parsed <c>--share</c> (<see cref="PodService.ParseShare"/>).</summary>
    public IReadOnlyList<string> Share { get; init; } = ["ipc", "net", "uts"];

    public bool Infra { get; init; } = true;

    public string? InfraName { get; init; }

    /// <summary><c>--infra-image</c>: a local image; null = <see cref="PauseImage"/>.</summary>
    public string? InfraImage { get; init; }

    /// <summary><c>--infra-command</c>: the infra container's entrypoint; null = the image's.</summary>
    public IReadOnlyList<string>? InfraCommand { get; init; }

    public string ExitPolicy { get; init; } = "continue";

    public string Hostname { get; init; } = "";

    /// <summary><c>-p</c> with random host ports still 0 (the container create picks them).</summary>
    public IReadOnlyList<PortMapping> PortMappings { get; init; } = [];

    /// <summary><c>--network</c> and companions: the infra container's network mode.</summary>
    public NetworkRequest Network { get; init; } = new();

    /// <summary>
    /// What the infra container gets besides its network (podman 4.3 hands these pod flags to it): <c>-v</c> mounts,
    /// DNS servers/search/options, extra hosts, <c>--no-hosts</c>. Members sharing the network see the infra's hosts and
    /// resolv.conf; every member inherits the infra's volumes (see docs/pods.md).
    /// </summary>
    public PodInfraSettings InfraSettings { get; init; } = new();
}

/// <summary>The parts of the infra container's configuration that come from <c>pod create</c> flags.</summary>
public sealed record PodInfraSettings
{
    /// <summary>Parsed <c>-v</c> (<see cref="Containers.Mounts.MountFlagParser"/>).</summary>
    public Containers.Mounts.ParsedMounts Mounts { get; init; } = new();

    /// <summary><c>--volumes-from CONTAINER[:OPTIONS]</c>.</summary>
    public IReadOnlyList<string> VolumesFrom { get; init; } = [];

    public IReadOnlyList<string> DnsServers { get; init; } = [];

    public IReadOnlyList<string> DnsSearch { get; init; } = [];

    public IReadOnlyList<string> DnsOptions { get; init; } = [];

    public IReadOnlyList<string> AddHosts { get; init; } = [];

    public bool NoHosts { get; init; }
}

public sealed partial class PodService
{
    /// <summary>
    /// Creates the pod (podman pod create): the record, then its infra container. A failure of the infra container removes
    /// the record again, so a refused create leaves nothing behind.
    /// </summary>
    public async Task<Pod> CreateAsync(PodCreateRequest request, CancellationToken cancellationToken)
    {
        if (!request.Infra && request.PortMappings.Count > 0)
        {
            throw BerthException.InvalidArgument("you must have an infra container to publish port bindings to the host");
        }

        var store = containers.Store;
        if (request.Name is { } wanted)
        {
            if (!Berth.Runtime.Naming.ContainerNames.IsValid(wanted))
            {
                throw BerthException.InvalidArgument("running pod create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument");
            }

            if (store.Pods.GetByName(wanted) is { } holder)
            {
                if (!request.Replace)
                {
                    throw PodStore.NameInUse(wanted);
                }

                await RemoveAsync(Load(holder), force: true, timeout: null, cancellationToken).ConfigureAwait(false);
            }
        }

        var id = NewId();
        var name = request.Name ?? Berth.Runtime.Naming.NameGenerator.Next(n => store.Pods.GetByName(n) is not null || store.Containers.GetByName(n) is not null);
        var config = new PodConfig
        {
            Id = id,
            Name = name,
            Created = DateTimeOffset.UtcNow,
            CreateCommand = request.CreateCommand,
            Labels = request.Labels,
            SharedNamespaces = request.Infra ? request.Share : [],
            CreateInfra = request.Infra,
            ExitPolicy = request.ExitPolicy,
            Hostname = request.Hostname,
        };
        var image = request.Infra
            ? request.InfraImage is { } given
                ? containers.Images.TryFind(given) ?? throw new BerthException(ErrorKind.NotFound, $"{given}: image not known")
                : await PauseImage.EnsureAsync(containers.Images, containers.Paths.LocksDir, cancellationToken).ConfigureAwait(false)
            : null;
        store.Pods.Add(new PodRecord(id, name, config.Created, PodConfig.Serialize(config)));
        if (image is null)
        {
            return new Pod(config, []);
        }

        try
        {
            var infra = await containers.CreateAsync(new ContainerCreateRequest
            {
                Image = image,
                RawImageName = request.InfraImage ?? PauseImage.Name,
                Name = request.InfraName ?? $"{id[..12]}-infra",
                Network = request.Network,
                VolumesFrom = request.InfraSettings.VolumesFrom,
                Template = new ContainerConfig
                {
                    Id = "",
                    Created = default,
                    Entrypoint = request.InfraCommand,
                    Hostname = request.Hostname.Length > 0 ? request.Hostname : name,
                    PortMappings = request.PortMappings,
                    Pod = id,
                    IsInfra = true,
                    NamedVolumes = request.InfraSettings.Mounts.NamedVolumes,
                    Mounts = request.InfraSettings.Mounts.Mounts,
                    OverlayVolumes = request.InfraSettings.Mounts.OverlayVolumes,
                    ImageVolumes = request.InfraSettings.Mounts.ImageVolumes,
                    UserVolumes = request.InfraSettings.Mounts.UserVolumes,
                    DnsServers = request.InfraSettings.DnsServers,
                    DnsSearch = request.InfraSettings.DnsSearch,
                    DnsOptions = request.InfraSettings.DnsOptions,
                    AddHosts = request.InfraSettings.AddHosts,
                    NoHosts = request.InfraSettings.NoHosts,
                },
            }, cancellationToken).ConfigureAwait(false);
            config = config with { InfraContainerId = infra.Id };
            store.Pods.UpdateConfig(id, PodConfig.Serialize(config));
            return new Pod(config, [infra]);
        }
        catch
        {
            if (store.Containers.List().FirstOrDefault(r => r.Name == (request.InfraName ?? $"{id[..12]}-infra") && r.Config.Contains(id, StringComparison.Ordinal)) is { } left)
            {
                await containers.RemoveAsync(Container.From(left), new RemoveOptions { Force = true, WithPod = true }, CancellationToken.None).ConfigureAwait(false);
            }

            store.Pods.Remove(id);
            throw;
        }
    }

    /// <summary>Starts the pod: the infra container first, then the others in creation order (podman's pod start).</summary>
    public async Task StartAsync(Pod pod, CancellationToken cancellationToken)
    {
        foreach (var c in InfraFirst(pod))
        {
            if (containers.TryFind(c.Id) is { State.Status: not ContainerStatus.Running } current)
            {
                await containers.StartAsync(current, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Stops the pod: the others first, the infra container last (it holds their namespaces).</summary>
    public async Task StopAsync(Pod pod, uint? timeout, CancellationToken cancellationToken)
    {
        foreach (var c in InfraFirst(pod).Reverse())
        {
            if (containers.TryFind(c.Id) is { } current)
            {
                await containers.StopAsync(current, timeout, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Sends <paramref name="signal"/> to every running container of the pod (infra last).</summary>
    public async Task KillAsync(Pod pod, int signal, CancellationToken cancellationToken)
    {
        foreach (var c in InfraFirst(pod).Reverse())
        {
            if (containers.TryFind(c.Id) is { State.Status: ContainerStatus.Running or ContainerStatus.Paused } current)
            {
                await containers.KillAsync(current, signal, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task PauseAsync(Pod pod, CancellationToken cancellationToken)
    {
        foreach (var c in InfraFirst(pod))
        {
            if (containers.TryFind(c.Id) is { State.Status: ContainerStatus.Running } current)
            {
                await containers.PauseAsync(current, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task UnpauseAsync(Pod pod, CancellationToken cancellationToken)
    {
        foreach (var c in InfraFirst(pod))
        {
            if (containers.TryFind(c.Id) is { State.Status: ContainerStatus.Paused } current)
            {
                await containers.UnpauseAsync(current, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Removes the pod and its containers. Without <paramref name="force"/> a running or paused container refuses it before
    /// anything is removed, with podman's list of reasons (podman removes the stopped members first; Berth leaves the pod
    /// whole). With it every container is stopped and removed, the infra container last.
    /// </summary>
    public async Task RemoveAsync(Pod pod, bool force, uint? timeout, CancellationToken cancellationToken)
    {
        if (!force)
        {
            var errors = new List<string>();
            var blocked = pod.Containers.Where(c => c.State.Status is ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Stopping).ToList();
            foreach (var c in blocked.Where(c => !c.Config.IsInfra))
            {
                errors.Add($"removing container {c.Id} from pod {pod.Id}: cannot remove container {c.Id} as it is {ContainerStatus.Shown(c.State.Status)} - running or paused containers cannot be removed without force: container state improper");
            }

            if (pod.Infra is { } infra && errors.Count > 0)
            {
                errors.Add($"removing container {infra.Id} from pod {pod.Id}: a container that depends on container {infra.Id} still exists: dependency exists");
            }
            else if (pod.Infra is { } alone && blocked.Contains(alone))
            {
                errors.Add($"removing container {alone.Id} from pod {pod.Id}: cannot remove container {alone.Id} as it is {ContainerStatus.Shown(alone.State.Status)} - running or paused containers cannot be removed without force: container state improper");
            }

            if (errors.Count > 0)
            {
                throw new BerthException(ErrorKind.InvalidState, GoMultiError(errors));
            }
        }

        foreach (var c in InfraFirst(pod).Reverse())
        {
            if (containers.TryFind(c.Id) is { } current)
            {
                await containers.RemoveAsync(current, new RemoveOptions { Force = true, Timeout = timeout, WithPod = true }, cancellationToken).ConfigureAwait(false);
            }
        }

        containers.Store.Pods.Remove(pod.Id);
    }

    /// <summary>The pod's containers with the infra container first, the rest oldest first.</summary>
    private static IEnumerable<Container> InfraFirst(Pod pod) =>
        pod.Containers.OrderBy(c => c.Config.IsInfra ? 0 : 1);

    /// <summary>hashicorp/go-multierror's text, which podman prints for pod rm.</summary>
    private static string GoMultiError(IReadOnlyList<string> errors)
    {
        var text = new System.Text.StringBuilder();
        text.Append(errors.Count == 1 ? "1 error occurred:\n" : $"{errors.Count} errors occurred:\n");
        foreach (var e in errors)
        {
            text.Append("\t* ").Append(e).Append('\n');
        }

        return text.Append('\n').ToString();
    }
}
