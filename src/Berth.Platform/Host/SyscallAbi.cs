using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using Berth.Platform.FileSystem;
using Berth.Platform.Interop;
using Microsoft.Win32.SafeHandles;

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

    /// <summary>
    /// False only when this x86-64 kernel runs no 32-bit x86 (i386) code: built without IA32 emulation, or with it
    /// off (<c>ia32_emulation=false</c>, or a hypervisor that turns it off). Then no i386 system call can be made at
    /// all: int 0x80 faults, the compat entries are closed and 32-bit programs do not load. Probed by starting a
    /// 93-byte 32-bit program from a memfd: the kernel refuses it with ENOEXEC exactly then (it logs "32-bit emulation
    /// disabled" once per boot). Any other outcome (it runs, natively or through a binfmt_misc emulator, or cannot be
    /// tried) counts as "available".
    /// </summary>
    public static bool Ia32Available()
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return true;
        }

        return SpawnErrorOf(Elf32ExitZero()) != (int)Errno.ENOEXEC;
    }

    /// <summary>
    /// Starts the program <paramref name="image"/> from an anonymous file and waits for it: 0 when it ran, else the
    /// error number of the start (-1 when the anonymous file cannot be made or filled).
    /// </summary>
    private static unsafe int SpawnErrorOf(byte[] image)
    {
        var fd = Libc.MemfdCreate("berth-abi-probe", Libc.MFD_CLOEXEC | Libc.MFD_EXEC);
        if (fd < 0 && Marshal.GetLastPInvokeError() == (int)Errno.EINVAL)
        {
            fd = Libc.MemfdCreate("berth-abi-probe", Libc.MFD_CLOEXEC);
        }

        if (fd < 0)
        {
            return -1;
        }

        using var file = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            RandomAccess.Write(file, image, 0);
        }
        catch (IOException)
        {
            return -1;
        }

        // The child resolves /proc/self/fd/N in its own copy of the descriptor table, before exec closes it.
        var argv = stackalloc nint[2];
        var envp = stackalloc nint[1];
        argv[0] = Marshal.StringToCoTaskMemUTF8("berth-abi-probe");
        argv[1] = 0;
        envp[0] = 0;
        try
        {
            var error = Libc.PosixSpawn(out var pid, "/proc/self/fd/" + fd.ToString(CultureInfo.InvariantCulture), null, null, argv, envp);
            if (error == 0)
            {
                while (Libc.Waitpid(pid, out _, 0) < 0 && Marshal.GetLastPInvokeError() == (int)Errno.EINTR)
                {
                }
            }

            return error;
        }
        finally
        {
            Marshal.FreeCoTaskMem(argv[0]);
        }
    }

    /// <summary>A static 32-bit x86 ELF program whose one instruction sequence is exit(0) through int 0x80.</summary>
    internal static byte[] Elf32ExitZero()
    {
        const uint Base = 0x0804_8000;
        const int HeaderSize = 52, ProgramHeaderSize = 32;
        ReadOnlySpan<byte> code = [0xB8, 0x01, 0x00, 0x00, 0x00, 0x31, 0xDB, 0xCD, 0x80]; // mov eax, 1; xor ebx, ebx; int 0x80
        var image = new byte[HeaderSize + ProgramHeaderSize + code.Length];
        var s = image.AsSpan();
        ReadOnlySpan<byte> ident = [0x7F, (byte)'E', (byte)'L', (byte)'F', 1 /* 32-bit */, 1 /* little-endian */, 1 /* version */];
        ident.CopyTo(s);
        BinaryPrimitives.WriteUInt16LittleEndian(s[16..], 2); // ET_EXEC
        BinaryPrimitives.WriteUInt16LittleEndian(s[18..], 3); // EM_386
        BinaryPrimitives.WriteUInt32LittleEndian(s[20..], 1); // EV_CURRENT
        BinaryPrimitives.WriteUInt32LittleEndian(s[24..], Base + HeaderSize + ProgramHeaderSize); // entry: the code
        BinaryPrimitives.WriteUInt32LittleEndian(s[28..], HeaderSize); // program headers right after this header
        BinaryPrimitives.WriteUInt16LittleEndian(s[40..], HeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(s[42..], ProgramHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(s[44..], 1); // one program header, no sections
        var ph = s[HeaderSize..];
        BinaryPrimitives.WriteUInt32LittleEndian(ph, 1); // PT_LOAD of the whole file
        BinaryPrimitives.WriteUInt32LittleEndian(ph[8..], Base);
        BinaryPrimitives.WriteUInt32LittleEndian(ph[12..], Base);
        BinaryPrimitives.WriteUInt32LittleEndian(ph[16..], (uint)image.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(ph[20..], (uint)image.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(ph[24..], 5); // PF_R | PF_X
        BinaryPrimitives.WriteUInt32LittleEndian(ph[28..], 0x1000);
        code.CopyTo(s[(HeaderSize + ProgramHeaderSize)..]);
        return image;
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
