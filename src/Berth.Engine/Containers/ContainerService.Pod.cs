using Berth.Runtime.Spec;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// A pod member joins its infra container's namespaces, so the infra container runs first: it is started here when
    /// it does not run (podman does the same). Returns its process ID, or 0 for a container outside a pod or its infra.
    /// The member's lock is held; the infra container's own lock is taken (an infra container never waits for a member).
    /// </summary>
    private async Task<int> StartPodInfraAsync(Container c, CancellationToken cancellationToken)
    {
        if (c.Config.PodInfraId.Length == 0 || c.Config.PodNamespaces.Count == 0)
        {
            return 0;
        }

        var infra = Store.Containers.Get(c.Config.PodInfraId) is { } record
            ? Sync(Container.From(record))
            : throw new BerthException(ErrorKind.NotFound, $"infra container {c.Config.PodInfraId} of pod {c.Config.Pod} not found: no such container");
        if (infra.State.Status != ContainerStatus.Running)
        {
            infra = await StartAsync(infra, cancellationToken).ConfigureAwait(false);
        }

        return infra.State.Pid > 0
            ? infra.State.Pid
            : throw new BerthException(ErrorKind.InvalidState, $"infra container {infra.Id} of pod {c.Config.Pod} is not running: container state improper");
    }

    /// <summary>A member sharing the network of a pod whose infra container has none (<c>pod create --network none</c>).</summary>
    private bool InPodWithoutNetwork(Container c) =>
        c.Config.PodInfraId.Length > 0
        && c.Config.PodNamespaces.Contains("net")
        && Store.Containers.Get(c.Config.PodInfraId) is { } infra
        && Container.From(infra).Config.NetworkMode == "none";

    /// <summary>
    /// A member sharing the pod's network uses the infra container's /etc/hosts and /etc/resolv.conf (podman bind-mounts
    /// the infra's too), so every container of the pod sees the same names and servers.
    /// </summary>
    private ContainerFiles PodFiles(Container c, ContainerFiles files)
    {
        if (c.Config.PodInfraId.Length == 0 || !c.Config.PodNamespaces.Contains("net"))
        {
            return files;
        }

        var infraBundle = Paths.Bundle(c.Config.PodInfraId);
        var hosts = Path.Combine(infraBundle, "hosts");
        var resolv = Path.Combine(infraBundle, "resolv.conf");
        return files with
        {
            Hosts = files.Hosts is not null && File.Exists(hosts) ? hosts : files.Hosts,
            ResolvConf = File.Exists(resolv) ? resolv : files.ResolvConf,
        };
    }
}
