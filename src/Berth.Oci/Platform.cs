using System.Runtime.InteropServices;

namespace Berth.Oci;

/// <summary>An image-spec platform: operating system, architecture and optional variant, with Go's names.</summary>
public sealed record Platform(string OS, string Architecture, string? Variant = null)
{
    /// <summary>The platform this process runs on.</summary>
    public static Platform Host { get; } = new("linux", GoArchitecture(RuntimeInformation.OSArchitecture), HostVariant());

    /// <summary>os/arch[/variant], as podman prints it.</summary>
    public override string ToString() => Variant is null ? $"{OS}/{Architecture}" : $"{OS}/{Architecture}/{Variant}";

    /// <summary>GOARCH names for .NET's architectures (the names images use).</summary>
    public static string GoArchitecture(Architecture architecture) => architecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "amd64",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.Arm or System.Runtime.InteropServices.Architecture.Armv6 => "arm",
        System.Runtime.InteropServices.Architecture.X86 => "386",
        System.Runtime.InteropServices.Architecture.Ppc64le => "ppc64le",
        System.Runtime.InteropServices.Architecture.S390x => "s390x",
        System.Runtime.InteropServices.Architecture.RiscV64 => "riscv64",
        System.Runtime.InteropServices.Architecture.LoongArch64 => "loong64",
        _ => architecture.ToString().ToLowerInvariant(),
    };

    private static string? HostVariant() => RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.Armv6 => "v6",
        System.Runtime.InteropServices.Architecture.Arm => "v7",
        _ => null,
    };
}
