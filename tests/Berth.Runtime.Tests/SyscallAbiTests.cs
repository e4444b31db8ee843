using System.IO.Compression;
using Berth.Platform.Host;

namespace Berth.Runtime.Tests;

public sealed class SyscallAbiTests
{
    [Theory]
    [InlineData("Name:\tberth\nSeccomp:\t0\nSeccomp_filters:\t0\n", 0)]
    [InlineData("Name:\tberth\nNoNewPrivs:\t1\nSeccomp:\t2\nSeccomp_filters:\t1\n", 2)]
    [InlineData("Name:\tberth\n", -1)]
    [InlineData("Seccomp:\tx\n", -1)]
    public void SeccompMode_ReadsTheStatusField(string status, int expected) =>
        Assert.Equal(expected, SyscallAbi.SeccompMode(status));

    [Fact]
    public void X32Available_UnderAFilterOrWithoutTheField_IsAssumedWithoutProbing()
    {
        // A filter that does not know x32 would kill the prober: the answer is "yes, keep x32 in the profile".
        Assert.True(SyscallAbi.X32Available("Seccomp:\t2\n"));
        Assert.True(SyscallAbi.X32Available("Name:\tx\n"));
    }

    [Fact]
    public void X32Available_AgreesWithTheKernelsBuildConfig()
    {
        var status = File.ReadAllText("/proc/self/status");
        var probed = SyscallAbi.X32Available(status);
        if (SyscallAbi.SeccompMode(status) != 0)
        {
            Assert.True(probed);
            return;
        }

        // Built without x32: the probe must say no. Built with it: the boot parameter decides (Debian turns it off).
        if (KernelConfig() is { } config && config.Contains("# CONFIG_X86_X32_ABI is not set", StringComparison.Ordinal))
        {
            Assert.False(probed);
        }
        else if (!File.ReadAllText("/proc/cmdline").Contains("syscall.x32=", StringComparison.Ordinal) && KernelConfig() is { } built
            && built.Contains("CONFIG_X86_X32_ABI=y", StringComparison.Ordinal) && !built.Contains("CONFIG_X86_X32_DISABLED=y", StringComparison.Ordinal))
        {
            Assert.True(probed);
        }

        Assert.Equal(probed, SyscallAbi.X32Available(status));
    }

    [Fact]
    public void Ia32Available_AgreesWithStartingThe32BitProgramFromAFile()
    {
        var probed = SyscallAbi.Ia32Available();
        var path = Path.Combine(Path.GetTempPath(), $"berth-elf32-{Guid.NewGuid():N}");
        File.WriteAllBytes(path, SyscallAbi.Elf32ExitZero());
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(path) { UseShellExecute = false });
            process!.WaitForExit();
            // It ran (natively or emulated): the program's own exit(0) proves the image is sound, and x86 stays.
            Assert.Equal(0, process.ExitCode);
            Assert.True(probed);
        }
        catch (System.ComponentModel.Win32Exception e) when (e.NativeErrorCode == 8)
        {
            // ENOEXEC: this kernel runs no 32-bit x86 code.
            Assert.False(probed);
        }
        finally
        {
            File.Delete(path);
        }

        if (KernelConfig() is { } config && config.Contains("# CONFIG_IA32_EMULATION is not set", StringComparison.Ordinal))
        {
            Assert.False(probed);
        }

        Assert.Equal(probed, SyscallAbi.Ia32Available());
    }

    private static string? KernelConfig()
    {
        if (File.Exists("/proc/config.gz"))
        {
            using var gz = new GZipStream(File.OpenRead("/proc/config.gz"), CompressionMode.Decompress);
            using var reader = new StreamReader(gz);
            return reader.ReadToEnd();
        }

        var boot = "/boot/config-" + File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        return File.Exists(boot) ? File.ReadAllText(boot) : null;
    }
}
