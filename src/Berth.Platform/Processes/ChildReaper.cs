using System.Runtime.InteropServices;
using Berth.Platform.FileSystem;
using Berth.Platform.Interop;

namespace Berth.Platform.Processes;

/// <summary>
/// Reaps children this process started itself and waits for no other way: on SIGCHLD (a
/// <see cref="PosixSignalRegistration"/>, whose handler the runtime runs on a thread-pool thread and which leaves the
/// runtime's own handling of its <see cref="System.Diagnostics.Process"/> children alone) each watched child is looked
/// at with waitpid(WNOHANG). No thread per child, and no zombie left in a process that outlives it. Where no SIGCHLD
/// comes (inherited as ignored: the kernel reaps the children itself) a waiter calls <see cref="Poll"/>; a child
/// someone else reaped ends with -1.
/// </summary>
public static class ChildReaper
{
    private const int WNOHANG = 1;
    private static readonly Lock Gate = new();
    private static readonly Dictionary<int, TaskCompletionSource<int>> Watched = [];
    private static PosixSignalRegistration? registration;

    /// <summary>The exit code of child <paramref name="pid"/> once it ends (128 + the signal that killed it); -1 when another waiter reaped it.</summary>
    public static Task<int> Watch(int pid)
    {
        var exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (Gate)
        {
            if (OperatingSystem.IsWindows())
            {
                throw new PlatformNotSupportedException("SIGCHLD");
            }

            registration ??= PosixSignalRegistration.Create(PosixSignal.SIGCHLD, static _ => Poll());
            Watched[pid] = exited;
        }

        // One that ended before it was watched sent its SIGCHLD already.
        Poll();
        return exited.Task;
    }

    /// <summary>Looks at every watched child now (what SIGCHLD does).</summary>
    public static void Poll()
    {
        lock (Gate)
        {
            List<int>? done = null;
            foreach (var (pid, exited) in Watched)
            {
                var r = Libc.Waitpid(pid, out var status, WNOHANG);
                if (r == pid)
                {
                    var signal = status & 0x7F;
                    exited.TrySetResult(signal == 0 ? (status >> 8) & 0xFF : 128 + signal);
                    (done ??= []).Add(pid);
                }
                else if (r < 0 && Marshal.GetLastPInvokeError() == (int)Errno.ECHILD)
                {
                    exited.TrySetResult(-1);
                    (done ??= []).Add(pid);
                }
            }

            foreach (var pid in done ?? [])
            {
                Watched.Remove(pid);
            }
        }
    }
}
