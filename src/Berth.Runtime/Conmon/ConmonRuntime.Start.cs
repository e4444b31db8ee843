using Berth.Platform.Host;
using Berth.Platform.Processes;

namespace Berth.Runtime.Conmon;

public sealed partial class ConmonRuntime
{
    /// <summary>How often runc start looks whether the init process died while it waits on the FIFO.</summary>
    private static readonly TimeSpan InitCheckInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// <c>runc start</c>: runs the created container's process. With runc this is done here, as runc 1.1 does it
    /// itself (libcontainer's exec): runc runs poststart hooks at create, so start only opens
    /// <c>&lt;runtime root&gt;/&lt;id&gt;/exec.fifo</c>, reads the byte runc init writes there, waits until init closes it by
    /// exec'ing the container's process, and removes it. That spares one Go process per start. The runtime's CLI is used
    /// when the runtime is not runc (crun's start writes to its FIFO instead and runs poststart hooks), when the FIFO
    /// is not there, when NOTIFY_SOCKET is set (runc start would relay it), and when init died without writing (runc
    /// start then says so in its own words).
    /// </summary>
    public async Task StartAsync(string id, int initPid, CancellationToken cancellationToken)
    {
        if (initPid > 0 && Runtime.Name == "runc" && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NOTIFY_SOCKET")))
        {
            var fifo = Path.Combine(RuntimeRoot, id, "exec.fifo");
            var written = FifoReader.ReadToEnd(fifo, () => ProcessGone(initPid), InitCheckInterval, cancellationToken);
            if (written is { Length: > 0 })
            {
                File.Delete(fifo);
                return;
            }
        }

        await RunAsync(["start", id], id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends conmon's exit command while it still waits out its delay (<see cref="ConmonOptions.ExitCommandDelaySeconds"/>):
    /// until it execs, that child of conmon bears conmon's name. For a client that cleaned up after the exit itself (an
    /// attached run) the command would only start another berth to find nothing to do. One that has exec'd is left
    /// alone; one killed just as it execs had nothing to do either (and the store survives a killed process).
    /// </summary>
    public static void DropDelayedExitCommand(int conmonPid)
    {
        if (ProcessFiles.TryReadStat(conmonPid) is not { Comm: "conmon" })
        {
            return;
        }

        foreach (var child in ChildProcesses.Of(conmonPid))
        {
            if (ProcessFiles.TryReadStat(child) is { Comm: "conmon" } stat && stat.ParentPid == conmonPid)
            {
                ChildProcesses.Kill(child);
            }
        }
    }

    /// <summary>runc's test: no such process, or a zombie.</summary>
    private static bool ProcessGone(int pid) => ProcessFiles.TryReadStat(pid) is not { } stat || stat.State == "Z";
}
