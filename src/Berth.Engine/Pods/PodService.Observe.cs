using Berth.Engine.Containers;
using Berth.Runtime.Top;

namespace Berth.Engine.Pods;

/// <summary>What <c>pod logs</c>, <c>pod top</c> and <c>pod stats</c> look at: a pod's members through the container code.</summary>
public sealed partial class PodService
{
    /// <summary>The newest pod (<c>--latest</c>).</summary>
    public Pod Latest() => List() is { Count: > 0 } pods
        ? pods[^1]
        : throw new BerthException(ErrorKind.NotFound, "no pods to act on: no such pod");

    /// <summary>
    /// The containers whose logs <c>pod logs</c> shows: every member but the infra container, oldest first, or only
    /// <paramref name="container"/> (a name or ID that must belong to the pod; <paramref name="podName"/> as the user wrote it).
    /// </summary>
    public IReadOnlyList<Container> LogMembers(Pod pod, string podName, string? container)
    {
        if (container is null)
        {
            return [.. pod.Containers.Where(c => c.Id != pod.Config.InfraContainerId)];
        }

        return containers.TryFind(container) is { } c && c.Config.Pod == pod.Id
            ? [c]
            : throw new BerthException(ErrorKind.NotFound, $"container {container} is not in pod {podName}: no such container");
    }

    /// <summary>
    /// <c>pod top</c>: one psgo table over the processes of every running member, the infra container first; null when
    /// none runs (podman then prints nothing).
    /// </summary>
    /// <exception cref="UnknownDescriptorException">A descriptor is not psgo's.</exception>
    public TopTable? Top(Pod pod, IReadOnlyList<string> descriptors)
    {
        var running = pod.Containers
            .Where(c => c.State.Status == ContainerStatus.Running && c.State.Pid > 0)
            .OrderBy(c => c.Id == pod.Config.InfraContainerId ? 0 : 1)
            .ToList();
        if (running.Count == 0)
        {
            return null;
        }

        return ProcessTable.Build([.. running.SelectMany(c => ContainerProcesses.ListPids(c.State.Pid))], descriptors);
    }
}
