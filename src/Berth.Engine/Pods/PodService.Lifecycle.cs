using Berth.Engine.Containers;
using Berth.Network.Netavark;
using Berth.Runtime.Cgroups;
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

    /// <summary><c>--share-parent</c>: the pod's cgroup is its members' cgroup parent (podman's default).</summary>
    public bool ShareParent { get; init; } = true;

    /// <summary><c>--cgroup-parent</c>: the parent of the pod's cgroup; null = podman's default for the cgroup manager.</summary>
    public string? CgroupParent { get; init; }

    /// <summary><c>--cpus</c>, <c>--memory</c>, <c>--memory-swap</c>, <c>--cpu-shares</c>, <c>--cpuset-cpus/mems</c>: the pod cgroup's limits.</summary>
    public Berth.Runtime.Cgroups.PodResources Resources { get; init; } = new();

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
        Validate(request);

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
        // podman 4.3.1 with the cgroupfs manager: PARENT/POD-ID when the pod has an infra container and shares its parent.
        var cgroupfs = containers.Engine.Settings.CgroupManager == "cgroupfs";
        var cgroupParent = cgroupfs ? request.CgroupParent ?? PodCgroup.DefaultParent : "";
        var createCgroup = cgroupfs && request.Infra && request.ShareParent;
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
            CgroupParent = cgroupParent,
            CreateCgroup = createCgroup,
            CgroupPath = createCgroup ? $"{cgroupParent.TrimEnd('/')}/{id}" : "",
            Resources = request.Resources,
        };
        var image = request.Infra
            ? request.InfraImage is { } given
                ? containers.Images.TryFind(given) ?? throw new BerthException(ErrorKind.NotFound, $"{given}: image not known")
                : await PauseImage.EnsureAsync(containers.Images, containers.Paths.LocksDir, cancellationToken).ConfigureAwait(false)
            : null;
        store.Pods.Add(new PodRecord(id, name, config.Created, PodConfig.Serialize(config)));
        if (config.CgroupPath.Length > 0)
        {
            try
            {
                PodCgroup.Create(config.CgroupPath, config.Resources);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                RemoveCgroup(config);
                store.Pods.Remove(id);
                throw new BerthException(ErrorKind.Internal, $"creating pod cgroup {config.CgroupPath}: {e.Message}", e);
            }
        }

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
                    CgroupParent = config.CgroupPath.Length > 0 ? config.CgroupPath : null,
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

            RemoveCgroup(config);
            store.Pods.Remove(id);
            throw;
        }
    }

    /// <summary>podman 4.3.1's refusals of pod create flags that cannot work together, before anything is made.</summary>
    private static void Validate(PodCreateRequest request)
    {
        var settings = request.InfraSettings;
        if (!request.Infra)
        {
            string? refusal = request switch
            {
                _ when settings.NoHosts => "cannot specify --no-hosts without an infra container",
                { Network.Ip: not null } => "cannot set --ip without infra container: invalid argument",
                { Network.Mac: not null } => "cannot set --mac without infra container: invalid argument",
                { Network.Aliases.Count: > 0 } => "cannot set --network-alias without infra container: invalid argument",
                { PortMappings.Count: > 0 } => "you must have an infra container to publish port bindings to the host",
                { Network.Networks.Count: > 0 } => "NoInfra and network modes cannot be used together",
                _ when settings.DnsServers.Count > 0 => "NoInfra and DNSServer are mutually exclusive pod options: invalid pod spec",
                // podman 4.3.1 spells it "NoInfo" here.
                _ when settings.DnsSearch.Count > 0 => "NoInfo and DNSSearch are mutually exclusive pod options: invalid pod spec",
                _ when settings.DnsOptions.Count > 0 => "NoInfra and DNSOption are mutually exclusive pod options: invalid pod spec",
                _ when settings.AddHosts.Count > 0 => "NoInfra and HostAdd are mutually exclusive pod options: invalid pod spec",
                _ => null,
            };
            if (refusal is not null)
            {
                throw BerthException.InvalidArgument(refusal);
            }
        }

        if (request.Share.Contains("cgroup") && request.ShareParent)
        {
            throw BerthException.InvalidArgument("cannot define the pod as the cgroup parent at the same time as joining the infra container's cgroupNS: invalid argument");
        }

        if (request.Network.Networks is ["none"] && settings.DnsServers.Count + settings.DnsSearch.Count + settings.DnsOptions.Count > 0)
        {
            throw BerthException.InvalidArgument("conflicting options: dns and the network mode: none");
        }
    }

    /// <summary>
    /// Starts the pod (podman's pod start): the infra container first, then the init containers one by one in creation
    /// order, each run to completion (a non-zero exit stops the start with podman's error; a "once" one is removed after
    /// its run), then the other members in creation order. Like podman, "always" init containers run again when the pod
    /// is started while it runs.
    /// </summary>
    public async Task StartAsync(Pod pod, CancellationToken cancellationToken)
    {
        if (pod.Config.CgroupPath.Length > 0)
        {
            // Made at pod create; a reboot empties /sys/fs/cgroup.
            PodCgroup.Create(pod.Config.CgroupPath, pod.Config.Resources);
        }

        await StartMembersAsync(pod, pod.Containers.Where(c => c.Config.IsInfra), cancellationToken).ConfigureAwait(false);
        foreach (var init in pod.Containers.Where(c => c.Config.IsInitContainer))
        {
            await RunInitContainerAsync(init, cancellationToken).ConfigureAwait(false);
        }

        await StartMembersAsync(pod, pod.Containers.Where(c => !c.Config.IsInfra && !c.Config.IsInitContainer), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>podman's pod restart: every container stopped, then the infra and the ordinary members started (no init containers).</summary>
    public async Task RestartAsync(Pod pod, CancellationToken cancellationToken)
    {
        await StopAsync(pod, null, cancellationToken).ConfigureAwait(false);
        await StartMembersAsync(pod, InfraFirst(pod).Where(c => !c.Config.IsInitContainer), cancellationToken).ConfigureAwait(false);
    }

    private async Task StartMembersAsync(Pod pod, IEnumerable<Container> members, CancellationToken cancellationToken)
    {
        foreach (var c in members)
        {
            if (containers.TryFind(c.Id) is { State.Status: not ContainerStatus.Running } current)
            {
                await containers.StartAsync(current, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One init container: started, waited for, its exit code checked; a "once" container is then removed.</summary>
    private async Task RunInitContainerAsync(Container init, CancellationToken cancellationToken)
    {
        if (containers.TryFind(init.Id) is not { } current)
        {
            return;
        }

        if (current.State.Status != ContainerStatus.Running)
        {
            current = await containers.StartAsync(current, cancellationToken).ConfigureAwait(false);
        }

        var code = await containers.WaitForExitAsync(current, cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            throw new BerthException(ErrorKind.InvalidState, $"init container {init.Id} exited with code {code}");
        }

        if (init.Config.InitContainerType == "once" && containers.TryFind(init.Id) is { } done)
        {
            await containers.RemoveAsync(done, new RemoveOptions { Force = true, WithPod = true }, cancellationToken).ConfigureAwait(false);
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
    /// Removes the pod and its containers. Without <paramref name="force"/> a running or paused container refuses it with
    /// podman's list of reasons; like podman 4.3.1, the members that are not running are removed before the refusal (the
    /// pod and its infra container stay). With it every container is stopped and removed, the infra container last.
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
                foreach (var c in pod.Containers.Where(c => !c.Config.IsInfra && !blocked.Contains(c)))
                {
                    if (containers.TryFind(c.Id) is { State.Status: not (ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Stopping) } current)
                    {
                        await containers.RemoveAsync(current, new RemoveOptions { WithPod = true }, cancellationToken).ConfigureAwait(false);
                    }
                }

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
        RemoveCgroup(pod.Config);
    }

    /// <summary>The pod's cgroup goes with it; one still busy (a process left in it) is left behind rather than failing the rm.</summary>
    private static void RemoveCgroup(PodConfig config)
    {
        if (config.CgroupPath.Length == 0)
        {
            return;
        }

        try
        {
            PodCgroup.Remove(config.CgroupPath);
        }
        catch (IOException)
        {
        }
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
