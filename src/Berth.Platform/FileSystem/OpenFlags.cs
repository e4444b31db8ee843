using System.Runtime.InteropServices;

namespace Berth.Platform.FileSystem;

/// <summary>open(2), *at(2) and openat2(2) flag values. O_DIRECTORY and O_NOFOLLOW differ between x86_64 and aarch64.</summary>
internal static class OpenFlags
{
    public const int ReadOnly = 0;
    public const int WriteOnly = 1;
    public const int Create = 0x40;
    public const int Exclusive = 0x80;
    public const int NonBlocking = 0x800;
    public const int CloseOnExec = 0x80000;
    public const int PathOnly = 0x200000;

    public static readonly int Directory = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x4000 : 0x10000;
    public static readonly int NoFollow = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x8000 : 0x20000;

    public const int AtSymlinkNoFollow = 0x100;
    public const int AtRemoveDirectory = 0x200;
    public const int AtEmptyPath = 0x1000;

    public const uint StatxBasicStats = 0x7FF;

    public const ulong ResolveNoMagicLinks = 0x02;
    public const ulong ResolveInRoot = 0x10;
}
