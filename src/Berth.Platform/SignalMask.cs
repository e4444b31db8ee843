using Berth.Platform.Interop;

namespace Berth.Platform;

/// <summary>
/// The signal mask a process inherits. conmon runs its exit command (<c>berth container cleanup</c>) with SIGCHLD and
/// SIGUSR1 blocked; .NET then never hears that a child (runc) ended and waits for it forever. Go programs (podman)
/// reset the mask at start; so must berth, before it starts any child.
/// </summary>
public static class SignalMask
{
    /// <summary>Unblocks every signal on the calling thread (the main thread, at startup).</summary>
    public static unsafe void UnblockAll()
    {
        var empty = stackalloc byte[128];
        new Span<byte>(empty, 128).Clear();
        _ = Libc.PthreadSigmask(Libc.SIG_SETMASK, empty, null);
    }
}
