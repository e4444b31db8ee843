using Berth.Build.Copy;
using Berth.Runtime.Files;

namespace Berth.Build.Tests.Copy;

/// <summary>The pure rules: --chown resolution, --chmod parsing, --exclude patterns, archive recognition, destinations.</summary>
public sealed class CopyRulesTests
{
    private static readonly PasswdDatabase Files = PasswdDatabase.Parse(
        "root:x:0:0:root:/root:/bin/sh\nalice:x:1001:1002:Alice:/home/alice:/bin/sh\nbob:x:1003:1003:Bob:/home/bob:/bin/sh\n",
        "root:x:0:\nalicegrp:x:1002:\nbob:x:1003:\nstaff:x:2000:alice\n");

    [Theory]
    [InlineData("alice", 1001u, 1002u)]
    [InlineData("1234", 1234u, 1234u)]
    [InlineData("1001", 1001u, 1001u)]
    [InlineData("bob:staff", 1003u, 2000u)]
    [InlineData("alice:5555", 1001u, 5555u)]
    [InlineData("1001:staff", 1001u, 2000u)]
    [InlineData("7:8", 7u, 8u)]
    [InlineData(":staff", 0u, 2000u)]
    [InlineData("alice:", 1001u, 1002u)]
    public void Resolve_Spec_GivesBuildahOwner(string spec, uint uid, uint gid) =>
        Assert.Equal(new FileOwner(uid, gid), CopyOwner.Resolve(Files, spec));

    [Theory]
    [InlineData("nobody", "looking up UID/GID for \"nobody\": determining run uid: user: unknown user error looking up user \"nobody\"")]
    [InlineData("alice:nogroup", "looking up UID/GID for \"alice:nogroup\": determining run gid: group: unknown group error looking up group \"nogroup\"")]
    [InlineData(":", "looking up UID/GID for \":\": can't find uid for user :")]
    [InlineData("-1", "looking up UID/GID for \"-1\": determining run uid: user: unknown user error looking up user \"-1\"")]
    public void Resolve_Unknown_FailsWithPodmanMessage(string spec, string message) =>
        Assert.Equal(message, Assert.Throws<BerthException>(() => CopyOwner.Resolve(Files, spec)).Message);

    [Fact]
    public void Resolve_NoPasswdFile_NamesFailNumbersWork()
    {
        var none = PasswdDatabase.Parse(null, null);

        Assert.Equal(new FileOwner(5, 6), CopyOwner.Resolve(none, "5:6"));
        Assert.Throws<BerthException>(() => CopyOwner.Resolve(none, "alice"));
    }

    [Theory]
    [InlineData("0755", 0b111_101_101u)]
    [InlineData("755", 0b111_101_101u)]
    [InlineData("4755", 0b100_111_101_101u)]
    [InlineData("0", 0u)]
    [InlineData("17777", 0xFFFu)]
    [InlineData("000000000000000755", 0b111_101_101u)]
    public void ParseChmod_Octal_GivesBits(string value, uint bits) => Assert.Equal(bits, CopyOptions.ParseChmod(value));

    [Theory]
    [InlineData("999")]
    [InlineData("u+x")]
    [InlineData("")]
    [InlineData("0o755")]
    [InlineData("777777777777")]
    public void ParseChmod_NotOctal_FailsWithPodmanMessage(string value) =>
        Assert.Equal($"Error parsing chmod {value}", Assert.Throws<BerthException>(() => CopyOptions.ParseChmod(value)).Message);

    [Theory]
    [InlineData("*.txt", "a.txt", true)]
    [InlineData("*.txt", "dir/a.txt", false)]
    [InlineData("**/*.txt", "dir/deep/a.txt", true)]
    [InlineData("**/*.txt", "a.txt", true)]
    [InlineData("build", "build/out/x.o", true)]
    [InlineData("/build", "build", true)]
    [InlineData("b?ild", "build", true)]
    [InlineData("[a-c]x", "bx", true)]
    [InlineData("[a-c]x", "dx", false)]
    [InlineData("a.b", "axb", false)]
    [InlineData("dir/../x", "x", true)]
    public void ExcludePatterns_Pattern_MatchesLikeDocker(string pattern, string path, bool excluded) =>
        Assert.Equal(excluded, new ExcludePatterns([pattern]).Matches(path));

    [Fact]
    public void ExcludePatterns_LastMatchWins()
    {
        var patterns = new ExcludePatterns(["*.md", "!README.md", "README.md"]);

        Assert.True(patterns.Matches("README.md"));
        Assert.False(new ExcludePatterns(["*.md", "!README.md"]).Matches("README.md"));
        Assert.True(patterns.HasExceptions);
    }

    [Fact]
    public void ExcludePatterns_BareException_Fails() => Assert.Throws<BerthException>(() => new ExcludePatterns(["!"]));

    [Fact]
    public void IsTarHeader_OnlyValidFirstBlocks()
    {
        var tar = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Copy", "Golden", "podman-4.3", "archives", "plain.tar"));

        Assert.True(ArchiveFormat.IsTarHeader(tar));
        Assert.False(ArchiveFormat.IsTarHeader(new byte[512]));
        var corrupt = tar.AsSpan(0, 512).ToArray();
        corrupt[0] ^= 1;
        Assert.False(ArchiveFormat.IsTarHeader(corrupt));
        Assert.False(ArchiveFormat.IsTarHeader("hi\n"u8));
    }

    [Theory]
    [InlineData(new byte[] { 0x1F, 0x8B, 0x08, 0 }, (int)ArchiveCompression.Gzip)]
    [InlineData(new byte[] { (byte)'B', (byte)'Z', (byte)'h', (byte)'9' }, (int)ArchiveCompression.Bzip2)]
    [InlineData(new byte[] { 0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00 }, (int)ArchiveCompression.Xz)]
    [InlineData(new byte[] { 0x28, 0xB5, 0x2F, 0xFD }, (int)ArchiveCompression.Zstd)]
    [InlineData(new byte[] { (byte)'h', (byte)'i' }, (int)ArchiveCompression.None)]
    public void DetectCompression_Magic_GivesKind(byte[] prefix, int expected) =>
        Assert.Equal((ArchiveCompression)expected, ArchiveFormat.DetectCompression(prefix));

    [Theory]
    [InlineData("/d", 2, (int)SourceShape.File, (int)DestinationState.Missing, "d", null)]
    [InlineData("/d", 1, (int)SourceShape.File, (int)DestinationState.Missing, "", "d")]
    [InlineData("/a/d", 1, (int)SourceShape.File, (int)DestinationState.NonDirectory, "a", "d")]
    [InlineData("/a/d", 1, (int)SourceShape.File, (int)DestinationState.Directory, "a/d", null)]
    [InlineData("/d/", 1, (int)SourceShape.File, (int)DestinationState.Missing, "d", null)]
    [InlineData("/d", 1, (int)SourceShape.Directory, (int)DestinationState.Missing, "d", null)]
    [InlineData("/d", 1, (int)SourceShape.Archive, (int)DestinationState.Missing, "d", null)]
    [InlineData("/d", 1, (int)SourceShape.Other, (int)DestinationState.Missing, "d", null)]
    [InlineData("/", 1, (int)SourceShape.File, (int)DestinationState.Directory, "", null)]
    public void Plan_Facts_GiveBuildahDestination(string destination, int specs, int shape, int state, string directory, string? rename) =>
        Assert.Equal(new DestinationPlan(directory, rename), DestinationPlanner.Plan(new CopyDestination(destination), specs, (SourceShape)shape, parents: false, (DestinationState)state));

    [Theory]
    [InlineData("/etc/passwd", 2, (int)SourceShape.File)]
    [InlineData("/etc/passwd/", 1, (int)SourceShape.File)]
    [InlineData("/etc/passwd", 1, (int)SourceShape.Directory)]
    [InlineData("/etc/passwd", 1, (int)SourceShape.Archive)]
    public void Plan_DirectoryOntoFile_FailsWithPodmanMessage(string destination, int specs, int shape) =>
        Assert.Equal($"destination {destination} already exists but is not a directory",
            Assert.Throws<BerthException>(() => DestinationPlanner.Plan(new CopyDestination(destination), specs, (SourceShape)shape, false, DestinationState.NonDirectory)).Message);

    [Fact]
    public void Plan_RelativeDestination_Fails() =>
        Assert.Throws<BerthException>(() => DestinationPlanner.Plan(new CopyDestination("rel"), 1, SourceShape.File, false, DestinationState.Missing));
}
