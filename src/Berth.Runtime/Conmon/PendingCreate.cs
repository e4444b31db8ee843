using Berth.Platform.Processes;

namespace Berth.Runtime.Conmon;

/// <summary>
/// A conmon started for a container create and held at its start pipe (<see cref="ConmonRuntime.BeginCreate"/>).
/// Disposing it before <see cref="ConmonRuntime.CreateAsync(PendingCreate, CancellationToken)"/> let it go kills it:
/// a conmon whose start pipe closes would otherwise go on and run the runtime's create.
/// </summary>
public sealed class PendingCreate : IDisposable
{
    private readonly ConmonLauncher launch;
    private bool going;
    private bool disposed;

    internal PendingCreate(ConmonLauncher launch, ConmonOptions options, string ociLog, Task<List<string>>? cgroupMove)
    {
        this.launch = launch;
        Options = options;
        OciLog = ociLog;
        CgroupMove = cgroupMove;
    }

    internal ConmonOptions Options { get; }

    /// <summary>conmon's move into its cgroup, under way since the start (its problems, podman's warnings); null when none is due.</summary>
    internal Task<List<string>>? CgroupMove { get; }

    internal string OciLog { get; }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (!going)
        {
            // The move names conmon's pid: it must be over before that pid is reaped and can be another process's.
            try
            {
                CgroupMove?.Wait();
            }
            catch (AggregateException)
            {
                // its failure no longer matters: this conmon goes
            }

            NativeSpawn.KillAndReap(launch.Pid);
        }

        launch.Dispose();
    }

    /// <summary>The launch, from now on allowed to run (once).</summary>
    internal ConmonLauncher Go()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (going)
        {
            throw new InvalidOperationException("this conmon was let go already");
        }

        going = true;
        return launch;
    }
}
