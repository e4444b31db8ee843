using System.Text;
using System.Text.Json;
using Berth.Runtime.Spec.Seccomp;

namespace Berth.Runtime.Tests;

/// <summary>The hand-written profile reader against System.Text.Json's: the same record for every document, or both refuse it.</summary>
public sealed class SeccompProfileReaderTests
{
    public static TheoryData<string> Documents() => new(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "podman-4.3", "seccomp.json")),
        """{"defaultAction":"SCMP_ACT_ALLOW"}""",
        """{"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":1,"architectures":["SCMP_ARCH_X86_64"],"flags":["SECCOMP_FILTER_FLAG_LOG"],"listenerPath":"/run/l.sock","syscalls":[{"name":"personality","action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":0,"op":"SCMP_CMP_EQ"},{"index":0,"value":4294967295,"valueTwo":8,"op":"SCMP_CMP_MASKED_EQ","extra":[]}]}]}""",
        """{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["a","b"],"action":"SCMP_ACT_ALLOW","includes":{"caps":["CAP_SYS_ADMIN"],"arches":["amd64"],"minKernel":"4.8"},"excludes":{"caps":null}},null,],}""",
        """{"defaultAction":"SCMP_ACT_ERRNO","archMap":[{"architecture":"SCMP_ARCH_X86_64","subArchitectures":null},null],"syscalls":null,"defaultErrno":"ENOSYS","unknown":{"x":[1,2]}}""",
        """{"defaultAction":"a","defaultAction":"b","syscalls":[{"action":"x","includes":{},"excludes":null}]}""",
        "null",
        // refused
        "",
        "[]",
        """{"syscalls":[]}""",
        """{"defaultAction":"a","defaultErrnoRet":-1}""",
        """{"defaultAction":"a","defaultErrnoRet":"1"}""",
        """{"defaultAction":"a","syscalls":[{"name":"x"}]}""",
        """{"defaultAction":"a","syscalls":[{"action":"x","args":[{"index":0,"value":0}]}]}""",
        """{"defaultAction":"a","syscalls":[{"action":"x","args":[{"index":null,"value":0,"op":"SCMP_CMP_EQ"}]}]}""",
        """{"defaultAction":"a","syscalls":[{"action":"x","args":[{"index":0,"value":-1,"op":"SCMP_CMP_EQ"}]}]}""",
        """{"defaultAction":"a","syscalls":[{"action":"x","args":[{"index":0,"value":0,"valueTwo":null,"op":"SCMP_CMP_EQ"}]}]}""",
        """{"defaultAction":"a","archMap":[{"subArchitectures":[]}]}""",
        """{"defaultAction":"a","syscalls":[{"action":"x","includes":[]}]}""",
        """{"defaultAction":"a","syscalls":{}}""",
        """{"defaultAction":"a"} x""",
        "{\"defaultAction\":\"a\" // c\n}");

    [Theory]
    [MemberData(nameof(Documents))]
    public void Read_Document_AgreesWithSystemTextJson(string document)
    {
        var bytes = Encoding.UTF8.GetBytes(document);
        var expected = Outcome(() => JsonSerializer.Deserialize(bytes, SeccompJsonContext.Default.SeccompProfile));

        var actual = Outcome(() => SeccompProfileReader.Read(bytes));

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Parse_ProfileWithByteOrderMark_ReadsLikeTheText()
    {
        var text = """{"defaultAction":"SCMP_ACT_ALLOW"}""";

        var profile = SeccompResolver.Parse([.. "\uFEFF"u8, .. Encoding.UTF8.GetBytes(text)], "/p.json");

        Assert.Equal("SCMP_ACT_ALLOW", profile.DefaultAction);
    }

    [Fact]
    public void Read_ShippedProfile_HasItsRules()
    {
        var profile = SeccompProfileReader.Read(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Golden", "podman-4.3", "seccomp.json")));

        Assert.NotNull(profile);
        Assert.True(profile.Syscalls!.Count > 10);
        Assert.Contains(profile.Syscalls, r => r.Args is { Count: > 0 });
    }

    private static string Outcome(Func<SeccompProfile?> read)
    {
        SeccompProfile? profile;
        try
        {
            profile = read();
        }
        catch (JsonException)
        {
            return "refused";
        }

        return profile is null ? "null" : JsonSerializer.Serialize(profile, SeccompJsonContext.Default.SeccompProfile);
    }
}
