using System.Globalization;
using System.Runtime.InteropServices;
using Berth.Platform.Interop;

namespace Berth.Platform.Host;

/// <summary>Which system call ABIs the running kernel serves (for the seccomp architectures a container needs).</summary>
public static class SyscallAbi
{
    private const long X32SyscallBit = 0x4000_0000;
    private const long GetpidX86_64 = 39;
    private const int Enosys = 38;

    /// <summary>
    /// False only when this is an x86-64 kernel without the x32 ABI (built without it, or off at boot as Debian ships
    /// it): every x32 system call fails there with ENOSYS before it does anything. Probed by calling getpid with the
    /// x32 bit, and only while this process has no seccomp filter (<paramref name="procSelfStatus"/>): a filter that
    /// does not know x32 would kill the caller. True whenever the answer is not certain.
    /// </summary>
    public static bool X32Available(string procSelfStatus)
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64 || SeccompMode(procSelfStatus) != 0)
        {
            return true;
        }

        return !(Libc.Syscall(X32SyscallBit | GetpidX86_64) == -1 && Marshal.GetLastPInvokeError() == Enosys);
    }

    /// <summary>The <c>Seccomp:</c> field of /proc/self/status (0 none, 1 strict, 2 filter); -1 when it is missing.</summary>
    public static int SeccompMode(string procSelfStatus)
    {
        foreach (var line in procSelfStatus.AsSpan().EnumerateLines())
        {
            if (line.StartsWith("Seccomp:", StringComparison.Ordinal))
            {
                return int.TryParse(line[8..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var mode) ? mode : -1;
            }
        }

        return -1;
    }
}
