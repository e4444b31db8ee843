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

    internal PendingCreate(ConmonLauncher launch, ConmonOptions options, string ociLog)
    {
        this.launch = launch;
        Options = options;
        OciLog = ociLog;
    }

    internal ConmonOptions Options { get; }

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
