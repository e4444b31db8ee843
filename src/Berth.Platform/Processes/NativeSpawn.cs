using System.Runtime.InteropServices;
using Berth.Platform.FileSystem;
using Berth.Platform.Interop;
using Microsoft.Win32.SafeHandles;

namespace Berth.Platform.Processes;

/// <summary>One descriptor handed to a spawned child: <see cref="Source"/> becomes descriptor <see cref="Target"/> in the child.</summary>
public readonly record struct InheritedDescriptor(SafeHandle Source, int Target);

/// <summary>
/// Starts helper programs that need specific descriptors (conmon's sync and start pipes) with posix_spawn, which
/// .NET's <see cref="System.Diagnostics.Process"/> cannot do. Every descriptor .NET opens is close-on-exec, so only
/// the ones named here reach the child: nothing leaks into unrelated children started at the same time.
/// </summary>
public static class NativeSpawn
{
    /// <summary>
    /// Starts <paramref name="path"/> with exactly the descriptors in <paramref name="descriptors"/> (0, 1, 2 included),
    /// in a process group of its own when <paramref name="newProcessGroup"/> (in a session of its own, detached from
    /// any terminal, when <paramref name="newSession"/>), with an empty signal mask and default
    /// signal dispositions. Returns the child's pid; reap it with <see cref="WaitForExit"/>.
    /// </summary>
    public static unsafe int Spawn(string path, IReadOnlyList<string> argv, IReadOnlyList<string> environment, IReadOnlyList<InheritedDescriptor> descriptors, bool newProcessGroup, bool newSession = false)
    {
        var maxTarget = descriptors.Count == 0 ? -1 : descriptors.Max(d => d.Target);
        var moved = new List<SafeFileHandle>();
        var strings = new List<nint>();
        var actions = NativeMemory.AllocZeroed(Libc.PosixSpawnFileActionsSize);
        var attributes = NativeMemory.AllocZeroed(Libc.PosixSpawnattrSize);
        var emptySet = stackalloc byte[Libc.SigsetSize];
        var fullSet = stackalloc byte[Libc.SigsetSize];
        new Span<byte>(emptySet, Libc.SigsetSize).Clear();
        new Span<byte>(fullSet, Libc.SigsetSize).Fill(0xFF);
        try
        {
            Check(Libc.PosixSpawnFileActionsInit(actions), "posix_spawn_file_actions_init");
            Check(Libc.PosixSpawnattrInit(attributes), "posix_spawnattr_init");
            foreach (var d in descriptors)
            {
                // A source numbered like some target could be overwritten by an earlier dup2 (or keep its
                // close-on-exec flag when it equals its own target): move it above every target first.
                var fd = (int)d.Source.DangerousGetHandle();
                if (fd <= maxTarget)
                {
                    var copy = Libc.FcntlDupCloexec(d.Source, Libc.F_DUPFD_CLOEXEC, maxTarget + 1);
                    if (copy < 0)
                    {
                        throw Failure("fcntl(F_DUPFD_CLOEXEC)", Marshal.GetLastPInvokeError());
                    }

                    moved.Add(new SafeFileHandle(copy, ownsHandle: true));
                    fd = copy;
                }

                Check(Libc.PosixSpawnFileActionsAddDup2(actions, fd, d.Target), "posix_spawn_file_actions_adddup2");
            }

            short flags = Libc.POSIX_SPAWN_SETSIGMASK | Libc.POSIX_SPAWN_SETSIGDEF;
            if (newSession)
            {
                flags |= Libc.POSIX_SPAWN_SETSID;
            }
            else if (newProcessGroup)
            {
                flags |= Libc.POSIX_SPAWN_SETPGROUP;
                Check(Libc.PosixSpawnattrSetpgroup(attributes, 0), "posix_spawnattr_setpgroup");
            }

            Check(Libc.PosixSpawnattrSetflags(attributes, flags), "posix_spawnattr_setflags");
            Check(Libc.PosixSpawnattrSetsigmask(attributes, emptySet), "posix_spawnattr_setsigmask");
            // SIGKILL and SIGSTOP cannot be reset; glibc ignores them in the set.
            Check(Libc.PosixSpawnattrSetsigdefault(attributes, fullSet), "posix_spawnattr_setsigdefault");

            var argvPtr = stackalloc nint[argv.Count + 1];
            for (var i = 0; i < argv.Count; i++)
            {
                argvPtr[i] = Marshal.StringToCoTaskMemUTF8(argv[i]);
                strings.Add(argvPtr[i]);
            }

            argvPtr[argv.Count] = 0;
            var envPtr = stackalloc nint[environment.Count + 1];
            for (var i = 0; i < environment.Count; i++)
            {
                envPtr[i] = Marshal.StringToCoTaskMemUTF8(environment[i]);
                strings.Add(envPtr[i]);
            }

            envPtr[environment.Count] = 0;
            var added = false;
            try
            {
                foreach (var d in descriptors)
                {
                    d.Source.DangerousAddRef(ref added);
                }

                Check(Libc.PosixSpawn(out var pid, path, actions, attributes, argvPtr, envPtr), $"cannot start {path}");
                return pid;
            }
            finally
            {
                if (added)
                {
                    foreach (var d in descriptors)
                    {
                        d.Source.DangerousRelease();
                    }
                }
            }
        }
        finally
        {
            foreach (var s in strings)
            {
                Marshal.FreeCoTaskMem(s);
            }

            foreach (var m in moved)
            {
                m.Dispose();
            }

            _ = Libc.PosixSpawnFileActionsDestroy(actions);
            _ = Libc.PosixSpawnattrDestroy(attributes);
            NativeMemory.Free(actions);
            NativeMemory.Free(attributes);
        }
    }

    /// <summary>Kills the child <paramref name="pid"/> (SIGKILL) and reaps it; a child that is gone already is fine.</summary>
    public static void KillAndReap(int pid)
    {
        if (Libc.Kill(pid, 9) < 0 && Marshal.GetLastPInvokeError() != (int)Errno.ESRCH)
        {
            throw Failure($"kill({pid})", Marshal.GetLastPInvokeError());
        }

        try
        {
            WaitForExit(pid);
        }
        catch (BerthException)
        {
            // reaped elsewhere (ECHILD): it is gone either way
        }
    }

    /// <summary>Blocks until the child <paramref name="pid"/> ends; its exit code, or 128 + the signal that killed it.</summary>
    public static int WaitForExit(int pid)
    {
        while (true)
        {
            if (Libc.Waitpid(pid, out var status, 0) >= 0)
            {
                var signal = status & 0x7F;
                return signal == 0 ? (status >> 8) & 0xFF : 128 + signal;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != (int)Errno.EINTR)
            {
                throw Failure($"waitpid({pid})", errno);
            }
        }
    }

    /// <summary>A close-on-exec pipe: (read end, write end).</summary>
    public static unsafe (SafeFileHandle Read, SafeFileHandle Write) Pipe()
    {
        var fds = stackalloc int[2];
        if (Libc.Pipe2(fds, Libc.O_CLOEXEC) < 0)
        {
            throw Failure("pipe2", Marshal.GetLastPInvokeError());
        }

        return (new SafeFileHandle(fds[0], ownsHandle: true), new SafeFileHandle(fds[1], ownsHandle: true));
    }

    /// <summary>An O_PATH descriptor of <paramref name="path"/>: names the file through /proc/self/fd/N without opening it.</summary>
    public static SafeFileHandle OpenPath(string path)
    {
        var fd = Libc.Open(path, OpenFlags.PathOnly | OpenFlags.CloseOnExec, 0);
        return fd < 0 ? throw Failure($"open {path}", Marshal.GetLastPInvokeError()) : new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>
    /// Opens a FIFO for writing without blocking: fails with ENXIO (as a <see cref="BerthException"/>) when nobody
    /// has it open for reading, instead of hanging until someone does.
    /// </summary>
    public static SafeFileHandle OpenFifoForWriting(string path)
    {
        var fd = Libc.Open(path, OpenFlags.WriteOnly | OpenFlags.NonBlocking | OpenFlags.CloseOnExec, 0);
        return fd < 0 ? throw Failure($"open {path}", Marshal.GetLastPInvokeError()) : new SafeFileHandle(fd, ownsHandle: true);
    }

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw Failure(what, error);
        }
    }

    private static BerthException Failure(string what, int errno) =>
        new(errno == (int)Errno.ENOENT ? ErrorKind.NotFound : ErrorKind.Internal, $"{what}: {((Errno)errno).Message()}");
}
