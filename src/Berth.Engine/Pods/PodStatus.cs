using Berth.Engine.Containers;

namespace Berth.Engine.Pods;

/// <summary>podman's pod states, derived from the states of the pod's containers (libpod's createPodStatusResults).</summary>
public static class PodStatus
{
    public const string Created = "Created";
    public const string Running = "Running";
    public const string Degraded = "Degraded";
    public const string Paused = "Paused";
    public const string Exited = "Exited";
    public const string Stopped = "Stopped";
    public const string Error = "Error";

    /// <summary>
    /// No containers, or none started yet: Created; all running: Running; some running: Degraded; all paused: Paused;
    /// all exited or stopped: Exited; some: Stopped.
    /// </summary>
    public static string Of(IReadOnlyCollection<string> containerStatuses)
    {
        var total = containerStatuses.Count;
        int running = 0, paused = 0, stopped = 0;
        foreach (var status in containerStatuses)
        {
            switch (status)
            {
                case ContainerStatus.Running:
                case ContainerStatus.Stopping:
                    running++;
                    break;
                case ContainerStatus.Paused:
                    paused++;
                    break;
                case ContainerStatus.Exited:
                case ContainerStatus.Stopped:
                    stopped++;
                    break;
            }
        }

        return total switch
        {
            0 => Created,
            _ when running == total => Running,
            _ when running > 0 => Degraded,
            _ when paused == total => Paused,
            _ when stopped == total => Exited,
            _ when stopped > 0 => Stopped,
            _ => Created,
        };
    }
}
