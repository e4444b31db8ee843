using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    internal const uint MFD_CLOEXEC = 0x1;

    /// <summary>The memfd may be executed even where vm.memfd_noexec makes that the exception (Linux 6.3); older kernels refuse the flag.</summary>
    internal const uint MFD_EXEC = 0x10;

    /// <summary>memfd_create(2): an anonymous file; returns its descriptor, or -1 with errno.</summary>
    [LibraryImport("libc", EntryPoint = "memfd_create", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int MemfdCreate(string name, uint flags);
}
