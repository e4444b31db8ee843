using Berth.Build;
using Berth.Engine.Containers;
using Berth.Engine.Images;
using Berth.Engine.Registries;
using Berth.Oci;
using Berth.Runtime.Files;
using Berth.Runtime.Spec;
using Berth.Storage;
using StoredImage = Berth.Storage.Images.Image;

namespace Berth.Engine.Builds;

/// <summary>
/// The engine's side of a build (<see cref="IBuildHost"/>): the store, the runtime binary, images looked up and pulled
/// with the engine's puller under the build's policy and registry options, and spec inputs with this host's facts.
/// </summary>
public sealed class EngineBuildHost(ContainerService containers, RegistryAccessOptions access) : IBuildHost
{
    public Store Store => containers.Store;

    public string TmpDir => containers.Engine.Settings.TmpDir;

    public string RunRoot => containers.Engine.Settings.RunRoot;

    public string RuntimePath => containers.RuntimeBinary.Path;

    public async Task<StoredImage> ResolveImageAsync(string reference, string pullPolicy, TextWriter progress, CancellationToken cancellationToken)
    {
        var policy = PullOptions.ParsePolicy(pullPolicy);
        var images = containers.Images;
        var local = policy == PullPolicy.Always ? null : images.TryFindStored(reference);
        if (local is not null && policy != PullPolicy.Newer)
        {
            return local;
        }

        if (policy == PullPolicy.Never)
        {
            throw new BerthException(ErrorKind.NotFound, $"{reference}: image not known (the build's pull policy is never: pull it first)");
        }

        try
        {
            var pulled = await new ImagePuller(images).PullAsync(reference, new PullOptions
            {
                Policy = policy == PullPolicy.Newer ? PullPolicy.Newer : PullPolicy.Always,
                Access = access,
            }, new WriterProgress(progress), cancellationToken).ConfigureAwait(false);
            return images.TryFindStored(pulled.Id) ?? throw ImageService.NotKnown(reference);
        }
        catch (BerthException) when (local is not null)
        {
            return local;
        }
    }

    public async Task<StoredImage?> PullCacheAsync(string reference, CancellationToken cancellationToken)
    {
        try
        {
            var pulled = await new ImagePuller(containers.Images).PullAsync(reference, new PullOptions
            {
                Policy = PullPolicy.Newer,
                Access = access,
            }, SilentProgress.Instance, cancellationToken).ConfigureAwait(false);
            return containers.Images.TryFindStored(pulled.Id);
        }
        catch (BerthException)
        {
            // podman builds the step when the cache image cannot be pulled, whatever the reason.
            return null;
        }
    }

    public Task PushCacheAsync(string imageId, string reference, CancellationToken cancellationToken) =>
        new ImagePusher(containers.Images).PushAsync(imageId, reference, new PushOptions { Access = access }, SilentProgress.Instance, cancellationToken);

    public StoredImage? FindImage(string nameOrId) => containers.Images.TryFindStored(nameOrId);

    public string NormalizeName(string name) => ImageService.NormalizeTargetName(name);

    public ContainerSpecInput SpecTemplate(string id, string rootfs, ImageConfiguration image) =>
        ContainerSpecBuilder.ForBuild(containers.Engine, id, rootfs, image, new UserLookup(PasswdDatabase.Load(rootfs)).Resolve);

    public async Task<BuildNetworkAttachment> AttachNetworkAsync(BuildNetworkRequest request, CancellationToken cancellationToken)
    {
        var (standin, addresses) = await containers.AttachBuildNetworkAsync(request.ContainerId, request.ContainerName, request.Networks, cancellationToken).ConfigureAwait(false);
        return new BuildNetworkAttachment(standin.State.NetNsPath, addresses, () => containers.DetachBuildNetworkAsync(standin));
    }

    public BuildNetworkDefaults NetworkDefaults
    {
        get
        {
            var conf = containers.Engine.ContainersConf.Containers;
            return new BuildNetworkDefaults
            {
                BaseHostsFile = conf.BaseHostsFile,
                // podman 4.3.1's build (buildah 1.28) passes no network to etchosts: the host's address, never a gateway.
                HostContainersInternalIp = HostContainersInternal.Resolve(conf.HostContainersInternalIp, [], containers.Engine.Settings.Rootless),
                DnsServers = conf.DnsServers,
                DnsSearches = conf.DnsSearches,
                DnsOptions = conf.DnsOptions,
            };
        }
    }

    private sealed class SilentProgress : IPullProgress
    {
        public static readonly SilentProgress Instance = new();

        public void Line(string text)
        {
        }
    }

    private sealed class WriterProgress(TextWriter writer) : IPullProgress
    {
        public void Line(string text) => writer.WriteLine(text);
    }
}
