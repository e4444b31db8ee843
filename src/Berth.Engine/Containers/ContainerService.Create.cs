using Berth.Network.Ports;
using Berth.Engine.Images;
using Berth.Runtime.Naming;
using Berth.Runtime.Spec;
using Berth.Storage.Containers;

namespace Berth.Engine.Containers;

/// <summary>What <c>create</c>/<c>run</c> asks for: the image (already local), a name, and the flags as a config template.</summary>
public sealed record ContainerCreateRequest
{
    public required LocalImage Image { get; init; }

    /// <summary>The image as the user wrote it.</summary>
    public required string RawImageName { get; init; }

    /// <summary>The name; null = a generated one.</summary>
    public string? Name { get; init; }

    /// <summary><c>--replace</c>: a container holding the name is removed first.</summary>
    public bool Replace { get; init; }

    /// <summary>The flags; Id, Created and the image fields are filled in by the service.</summary>
    public required ContainerConfig Template { get; init; }

    /// <summary><c>--network</c>, <c>--ip</c>, <c>--mac-address</c>, <c>--network-alias</c>: resolved into the config's mode and networks.</summary>
    public NetworkRequest Network { get; init; } = new();

    /// <summary><c>--volumes-from</c> entries (<c>CONTAINER[:OPTIONS]</c>), resolved at create into the config's mounts.</summary>
    public IReadOnlyList<string> VolumesFrom { get; init; } = [];

    /// <summary><c>--pod</c>: the pod the container joins (resolved by the pod service); null = none.</summary>
    public Pods.PodMembership? Pod { get; init; }

    /// <summary>
    /// The container is started by this service right after (<c>run</c>): its conmon may be spawned during the create
    /// already (<see cref="ContainerService.BeginConmonEarly"/>), set <see cref="ContainerService.ExitCommandDelaySeconds"/> first.
    /// </summary>
    public bool StartsNow { get; init; }
}

public sealed partial class ContainerService
{
    /// <summary>Creates a container (podman create): its writable layer and its record, state configured.</summary>
    public async Task<Container> CreateAsync(ContainerCreateRequest request, CancellationToken cancellationToken)
    {
        var name = request.Name;
        if (name is not null)
        {
            ContainerNames.Validate(name);
            if (request.Replace && FindRecord(name) is { } holder && holder.Name == name)
            {
                await RemoveAsync(Container.From(holder), new RemoveOptions { Force = true }, cancellationToken).ConfigureAwait(false);
            }
        }

        if (name is not null && Store.Containers.GetByName(name) is { } taken)
        {
            throw NameInUse(new ContainerNameInUseException(name, taken.Id));
        }

        var image = request.Image;
        var stored = Store.Images.Get(image.Id) ?? throw ImageService.NotKnown(request.RawImageName);
        var id = ContainerIds.New();
        name ??= NameGenerator.Next(n => Store.Containers.GetByName(n) is not null);
        var t = request.Template;
        var imageConfig = image.Config.Config;
        var entrypoint = t.Entrypoint ?? imageConfig?.Entrypoint ?? [];
        var cmd = t.Command.Count > 0 ? t.Command : t.Entrypoint is not null ? [] : imageConfig?.Cmd ?? [];
        var config = t with
        {
            Id = id,
            Created = DateTimeOffset.UtcNow,
            ImageId = image.Id,
            ImageName = image.NameMatching(request.RawImageName) ?? (image.Names.Count > 0 ? image.Names[0] : image.Id),
            ImageDigest = image.ManifestDigest.ToString(),
            RawImageName = request.RawImageName,
            EffectiveEntrypoint = entrypoint,
            EffectiveCmd = cmd,
            LogPath = t.LogPath.Length > 0 ? t.LogPath : Paths.DefaultLogPath(id),
            StopSignal = t.StopSignal != 0 ? t.StopSignal : imageConfig?.StopSignal is { Length: > 0 } s ? Signals.Parse(s) : 15,
        };
        var networking = request.Pod is { } pod && pod.Shared.Contains("net")
            ? new ResolvedNetworking($"container:{pod.InfraId}", new Dictionary<string, Berth.Network.Netavark.PerNetworkOptions>())
            : NetworkModeResolver.Resolve(request.Network, engine.ContainersConf.Network.DefaultNetwork, Networks.NetworkEnvironment.ConfigDirectory(engine).Find);
        config = config with { NetworkMode = networking.Mode, Networks = networking.Networks };
        if (request.Pod is { } member)
        {
            config = InheritInfraVolumes(JoinPod(config, member, request.Network));
        }

        config = NetworkModePorts.KeepsPorts(config.NetworkMode)
            ? config with { PortMappings = HostPortPicker.AssignRandomPorts(config.PortMappings) }
            : config with { PortMappings = [] };
        if (config.NetworkMode == "host" && config.Sysctls.Keys.FirstOrDefault(k => k.StartsWith("net.", StringComparison.Ordinal)) is { } netSysctl)
        {
            throw BerthException.InvalidArgument($"sysctl {netSysctl} can't be set since Network Namespace set to host: invalid argument");
        }


        if (entrypoint.Count + cmd.Count == 0)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "no command or entrypoint provided, and no CMD or ENTRYPOINT from image");
        }

        if (request.StartsNow)
        {
            BeginConmonEarly(id, name, config);
        }

        var createdVolumes = new List<string>();
        try
        {
            config = PrepareMounts(config, image.Config, request.VolumesFrom, createdVolumes);
            await Store.Layers.CreateContainerLayerAsync(id, stored.TopLayer, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            DropEarlyConmon(id);
            await RemoveCreatedVolumesAsync(createdVolumes).ConfigureAwait(false);
            throw;
        }

        try
        {
            var state = new ContainerState();
            var record = Store.Containers.Add(new NewContainer(
                id,
                name,
                image.Id,
                config.Created,
                Container.Serialize(config),
                ContainerStatus.Configured,
                Container.Change(state).StateJson));
            return Container.Stored(record, config, state);
        }
        catch (ContainerNameInUseException e)
        {
            DropEarlyConmon(id);
            await Store.Layers.RemoveContainerLayerAsync(id, CancellationToken.None).ConfigureAwait(false);
            await RemoveCreatedVolumesAsync(createdVolumes).ConfigureAwait(false);
            throw NameInUse(e);
        }
        catch
        {
            DropEarlyConmon(id);
            await Store.Layers.RemoveContainerLayerAsync(id, CancellationToken.None).ConfigureAwait(false);
            await RemoveCreatedVolumesAsync(createdVolumes).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// A pod member: records the pod and the infra container whose namespaces it joins; refuses what the pod owns (ports
    /// and networks with a shared network, the hostname with a shared UTS namespace) with podman's messages.
    /// </summary>
    private static ContainerConfig JoinPod(ContainerConfig config, Pods.PodMembership pod, NetworkRequest network)
    {
        if (pod.Shared.Contains("net"))
        {
            if (config.PortMappings.Count > 0)
            {
                throw BerthException.InvalidArgument("invalid config provided: published or exposed ports must be defined when the pod is created: network cannot be configured when it is shared with a pod");
            }

            if (network.Networks.Count > 0)
            {
                throw BerthException.InvalidArgument("invalid config provided: networks must be defined when the pod is created: network cannot be configured when it is shared with a pod");
            }

            config = config with { ExposedPorts = [], PublishAll = false };
        }

        if (pod.Shared.Contains("uts"))
        {
            if (config.Hostname is not null)
            {
                throw BerthException.InvalidArgument("invalid config provided: cannot set hostname when joining the pod UTS namespace: invalid configuration");
            }

            config = config with { Hostname = pod.Hostname };
        }

        return config with
        {
            Pod = pod.PodId,
            PodInfraId = pod.InfraId ?? "",
            PodNamespaces = pod.Shared,
            CgroupParent = config.CgroupParent ?? pod.CgroupParent,
        };
    }

    /// <summary>
    /// A pod member gets the infra container's volumes and mounts (podman 4.3 copies the infra's mounts, named, overlay
    /// and image volumes into every container of the pod); the member's own destinations win.
    /// </summary>
    private ContainerConfig InheritInfraVolumes(ContainerConfig config)
    {
        if (config.PodInfraId.Length == 0 || Store.Containers.Get(config.PodInfraId) is not { } record)
        {
            return config;
        }

        var infra = Container.From(record).Config;
        var taken = Destinations(config).ToHashSet(StringComparer.Ordinal);
        return config with
        {
            NamedVolumes = [.. config.NamedVolumes, .. infra.NamedVolumes.Where(v => taken.Add(v.Destination))],
            Mounts = [.. config.Mounts, .. infra.Mounts.Where(m => taken.Add(m.Destination))],
            OverlayVolumes = [.. config.OverlayVolumes, .. infra.OverlayVolumes.Where(o => taken.Add(o.Destination))],
            ImageVolumes = [.. config.ImageVolumes, .. infra.ImageVolumes.Where(i => taken.Add(i.Destination))],
        };
    }

    private static BerthException NameInUse(ContainerNameInUseException e) =>
        new(ErrorKind.AlreadyExists, "creating container storage: " + e.Message, e);
}
