using Berth.Runtime.Spec.Seccomp;

namespace Berth.Runtime.Tests;

public sealed class SeccompResolverTests
{
    private const string Profile = """
        {
          "defaultAction": "SCMP_ACT_ERRNO",
          "defaultErrnoRet": 38,
          "archMap": [
            { "architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"] },
            { "architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"] }
          ],
          "syscalls": [
            { "names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [], "includes": {}, "excludes": {} },
            { "name": "arch_prctl", "action": "SCMP_ACT_ALLOW", "includes": { "arches": ["amd64"] } },
            { "names": ["bpf"], "action": "SCMP_ACT_ALLOW", "includes": { "caps": ["CAP_SYS_ADMIN", "CAP_BPF"] } },
            { "names": ["bpf"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1, "excludes": { "caps": ["CAP_SYS_ADMIN"] } },
            { "names": ["new_call"], "action": "SCMP_ACT_ALLOW", "includes": { "minKernel": "5.8" } },
            { "names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{ "index": 2, "value": 9, "valueTwo": 0, "op": "SCMP_CMP_NE" }] }
          ]
        }
        """;

    [Fact]
    public void Resolve_Amd64WithoutSysAdmin_FiltersByArchCapsAndKernel()
    {
        var seccomp = SeccompResolver.Resolve(SeccompResolver.Parse(Profile, "p.json"), "amd64", ["CAP_CHOWN"], new Version(5, 4));
        Assert.Equal(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"], seccomp.Architectures);
        Assert.Equal(38u, seccomp.DefaultErrnoRet);
        Assert.Equal(["read", "arch_prctl", "bpf", "socket"], seccomp.Syscalls!.Select(s => s.Names[0]));
        Assert.Equal("SCMP_ACT_ERRNO", seccomp.Syscalls![2].Action);
        Assert.Null(seccomp.Syscalls![0].Args);
    }

    [Fact]
    public void Resolve_Arm64WithAllCapsNewKernel_TakesIncludedRules()
    {
        var seccomp = SeccompResolver.Resolve(SeccompResolver.Parse(Profile, "p.json"), "arm64", ["CAP_SYS_ADMIN", "CAP_BPF"], null);
        Assert.Equal(["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"], seccomp.Architectures);
        Assert.Equal(["read", "bpf", "new_call", "socket"], seccomp.Syscalls!.Select(s => s.Names[0]));
        Assert.Equal("SCMP_ACT_ALLOW", seccomp.Syscalls![1].Action);
    }

    [Fact]
    public void Resolve_KernelWithoutX32Abi_LeavesOnlyTheX32SubArchitectureOut()
    {
        var seccomp = SeccompResolver.Resolve(SeccompResolver.Parse(Profile, "p.json"), "amd64", ["CAP_CHOWN"], new Version(5, 4), ["SCMP_ARCH_X32"]);
        Assert.Equal(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"], seccomp.Architectures);
        Assert.Equal(["read", "arch_prctl", "bpf", "socket"], seccomp.Syscalls!.Select(s => s.Names[0]));
    }

    [Fact]
    public void Resolve_KernelWithoutEither32BitAbi_KeepsOnlyTheNativeArchitecture()
    {
        var seccomp = SeccompResolver.Resolve(SeccompResolver.Parse(Profile, "p.json"), "amd64", ["CAP_CHOWN"], new Version(5, 4), ["SCMP_ARCH_X32", "SCMP_ARCH_X86"]);
        Assert.Equal(["SCMP_ARCH_X86_64"], seccomp.Architectures);
        Assert.Equal(["read", "arch_prctl", "bpf", "socket"], seccomp.Syscalls!.Select(s => s.Names[0]));
    }

    [Fact]
    public void Resolve_X86_64Alone_LeavesOutNamesThatDoNotExistThere()
    {
        const string mixed = """
            {
              "defaultAction": "SCMP_ACT_ERRNO",
              "archMap": [ { "architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"] } ],
              "syscalls": [
                { "names": ["read", "_llseek", "write", "stat64"], "action": "SCMP_ACT_ALLOW" },
                { "names": ["socketcall"], "action": "SCMP_ACT_ALLOW", "args": [{ "index": 0, "value": 1, "op": "SCMP_CMP_EQ" }] },
                { "names": ["umount2", "umount"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1 }
              ]
            }
            """;
        var profile = SeccompResolver.Parse(mixed, "p.json");
        var alone = SeccompResolver.Resolve(profile, "amd64", [], null, ["SCMP_ARCH_X32", "SCMP_ARCH_X86"]);
        Assert.Equal(["SCMP_ARCH_X86_64"], alone.Architectures);
        Assert.Equal([["read", "write"], ["umount2"]], alone.Syscalls!.Select(s => s.Names));
        Assert.Equal("SCMP_ACT_ERRNO", alone.Syscalls![1].Action);

        // With a 32-bit sub-architecture the filter needs them: podman's rules, as written.
        var both = SeccompResolver.Resolve(profile, "amd64", [], null, ["SCMP_ARCH_X32"]);
        Assert.Equal([["read", "_llseek", "write", "stat64"], ["socketcall"], ["umount2", "umount"]], both.Syscalls!.Select(s => s.Names));
    }

    [Fact]
    public void Resolve_AbsentArchitectures_NeverDropTheNativeOne()
    {
        // An i386 image on a kernel without 32-bit x86 cannot run anyway; its native entry stays as podman writes it.
        var seccomp = SeccompResolver.Resolve(SeccompResolver.Parse(Profile.Replace("SCMP_ARCH_AARCH64", "SCMP_ARCH_X86", StringComparison.Ordinal), "p.json"), "386", [], null, ["SCMP_ARCH_X86"]);
        Assert.Equal(["SCMP_ARCH_X86", "SCMP_ARCH_ARM"], seccomp.Architectures);
    }

    [Fact]
    public void Resolve_ExplicitArchitectures_AreTakenAsWrittenEvenWithoutX32Abi()
    {
        const string explicitArches = """{ "defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X32"], "syscalls": [] }""";
        var seccomp = SeccompResolver.Resolve(SeccompResolver.Parse(explicitArches, "p.json"), "amd64", [], null, ["SCMP_ARCH_X32", "SCMP_ARCH_X86"]);
        Assert.Equal(["SCMP_ARCH_X86_64", "SCMP_ARCH_X32"], seccomp.Architectures);
    }

    [Fact]
    public void Resolve_ArgWithZeroValueTwo_IsWrittenWithoutIt()
    {
        var seccomp = SeccompResolver.Resolve(SeccompResolver.Parse(Profile, "p.json"), "amd64", [], null);
        var spec = new Berth.Oci.RuntimeSpec { OciVersion = "1", Linux = new Berth.Oci.RuntimeLinux { Seccomp = seccomp } };
        var json = System.Text.Encoding.UTF8.GetString(Berth.Oci.RuntimeJsonContext.Serialize(spec));
        Assert.Contains("{\"index\":2,\"value\":9,\"op\":\"SCMP_CMP_NE\"}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Malformed_NamesTheFile()
    {
        var error = Assert.Throws<BerthException>(() => SeccompResolver.Parse("{", "/etc/x.json"));
        Assert.Contains("/etc/x.json", error.Message, StringComparison.Ordinal);
    }
}
