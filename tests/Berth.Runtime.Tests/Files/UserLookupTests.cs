using System.Text.RegularExpressions;
using Berth.Runtime.Files;
using Berth.Runtime.Spec;

namespace Berth.Runtime.Tests.Files;

public sealed partial class UserLookupTests : IDisposable
{
    private const string Passwd = "root:x:0:0:root:/root:/bin/sh\nal:x:1001:1001:Al:/home/al:/bin/sh\n";
    private const string Group = "root:x:0:\nal:x:1001:\nstaff:x:50:al,bob\nwheel:x:10:al\n";
    private readonly string _rootfs = Directory.CreateTempSubdirectory("berth-rootfs").FullName;

    public UserLookupTests()
    {
        Directory.CreateDirectory(Path.Combine(_rootfs, "etc"));
        File.WriteAllText(Path.Combine(_rootfs, "etc/passwd"), Passwd);
        File.WriteAllText(Path.Combine(_rootfs, "etc/group"), Group);
    }

    public void Dispose() => Directory.Delete(_rootfs, recursive: true);

    // The spec generator's path: primary gid first, then the supplementary ones (podman's AdditionalGids order aside, `id` sorts).
    [Theory]
    [InlineData("al", "user-al.txt")]
    [InlineData("1001", "user-1001.txt")]
    [InlineData("1000", "user-1000.txt")]
    [InlineData("1000:50", "user-1000_50.txt")]
    [InlineData("1000:staff", "user-1000_staff.txt")]
    public void Resolve_MatchesPodmansIdOutput(string user, string golden)
    {
        var id = IdLine().Match(FilesGolden.Text(golden));
        var resolved = UserSpec.Resolve(user, UserLookup.ForRootfs(_rootfs).Resolver);
        Assert.Equal(uint.Parse(id.Groups[1].Value), resolved.Uid);
        Assert.Equal(uint.Parse(id.Groups[2].Value), resolved.Gid);
        var groups = GroupNumber().Matches(id.Groups[3].Value).Select(m => uint.Parse(m.Groups[1].Value)).Order();
        Assert.Equal(groups, resolved.AdditionalGids.Append(resolved.Gid).Distinct().Order());
    }

    [Theory]
    [InlineData("nosuch", "unable to find user nosuch: no matching entries in passwd file")]
    [InlineData("al:nosuch", "unable to find group nosuch: no matching entries in group file")]
    [InlineData("1000:nosuch", "unable to find group nosuch: no matching entries in group file")]
    [InlineData("-1", "uids and gids must be in range 0-2147483647")]
    public void Lookup_Unknown_PodmansError(string spec, string message) =>
        Assert.Equal(message, Assert.Throws<BerthException>(() => UserLookup.ForRootfs(_rootfs).Lookup(spec)).Message);

    [Fact]
    public void Lookup_Name_HomeAndSupplementaryGroups()
    {
        var user = UserLookup.ForRootfs(_rootfs).Lookup("al");
        Assert.Equal(new uint[] { 50, 10 }, user.SupplementaryGids);
        Assert.Equal("/home/al", user.Home);
        Assert.Empty(UserLookup.ForRootfs(_rootfs).Lookup("al:wheel").SupplementaryGids);
    }

    [Fact]
    public void ForRootfs_PasswdSymlinkOutOfRoot_ResolvedInsideRoot()
    {
        // A hostile image: /etc/passwd -> ../../../../etc/shadow-like host path; inside the root it is rootfs/etc/hostfile.
        File.Delete(Path.Combine(_rootfs, "etc/passwd"));
        File.CreateSymbolicLink(Path.Combine(_rootfs, "etc/passwd"), "../../../../../../../../etc/hostfile");
        File.WriteAllText(Path.Combine(_rootfs, "etc/hostfile"), "inside:x:7:7::/in:/bin/sh\n");
        var lookup = UserLookup.ForRootfs(_rootfs);
        Assert.Equal(7u, lookup.Lookup("inside").Uid);
        // The host's own root user is not visible: only the file inside the root was read.
        Assert.Throws<BerthException>(() => lookup.Lookup("root"));

        File.Delete(Path.Combine(_rootfs, "etc/passwd"));
        File.CreateSymbolicLink(Path.Combine(_rootfs, "etc/passwd"), "/proc/self/environ");
        Assert.Throws<BerthException>(() => UserLookup.ForRootfs(_rootfs).Lookup("al"));

        // Not a regular file (a directory here; a fifo or a device likewise): refused without reading it.
        File.Delete(Path.Combine(_rootfs, "etc/passwd"));
        Directory.CreateDirectory(Path.Combine(_rootfs, "etc/passwd"));
        Assert.Equal("/etc/passwd in the container is not a regular file", Assert.Throws<BerthException>(() => UserLookup.ForRootfs(_rootfs)).Message);
    }

    [Fact]
    public void ForRootfs_NoFiles_NumericOnly()
    {
        File.Delete(Path.Combine(_rootfs, "etc/passwd"));
        File.Delete(Path.Combine(_rootfs, "etc/group"));
        var lookup = UserLookup.ForRootfs(_rootfs);
        Assert.Equal(new ContainerUser(1000, 0, [], ""), lookup.Lookup("1000") with { SupplementaryGids = [] });
        Assert.Throws<BerthException>(() => lookup.Lookup("al"));
    }

    [Fact]
    public void AdditionalGroups_NamesAndNumbers_OrderedOnce()
    {
        var lookup = UserLookup.ForRootfs(_rootfs);
        Assert.Equal(new uint[] { 10, 50, 4242 }, lookup.AdditionalGroups(["wheel", "50", "staff", "4242"]));
        Assert.Equal("looking up supplemental groups for container: Unable to find group nope: no matching entries in group file",
            Assert.Throws<BerthException>(() => lookup.AdditionalGroups(["nope"])).Message);
        Assert.True(UserLookup.IsKeepGroups(["keep-groups"]));
        Assert.False(UserLookup.IsKeepGroups(["wheel"]));
        Assert.Throws<BerthException>(() => UserLookup.IsKeepGroups(["keep-groups", "wheel"]));
    }

    [Theory]
    [InlineData("1000", "user-1000.txt", true, true)]
    [InlineData("1000:50", "user-1000_50.txt", true, false)]
    [InlineData("1000:staff", "user-1000_staff.txt", true, false)]
    [InlineData("1001", "user-1001.txt", false, false)]
    [InlineData("al", "user-al.txt", false, false)]
    public void PasswdEntries_MatchPodmansAppendedLines(string user, string golden, bool passwd, bool group)
    {
        var lines = FilesGolden.Text(golden).Split('\n');
        var entries = PasswdEntries.Generate(user, "/", PasswdDatabase.Parse(Passwd, Group));
        Assert.Equal(passwd ? lines[1] + "\n" : null, entries.Passwd);
        Assert.Equal(group ? lines[2] + "\n" : null, entries.Group);
    }

    [GeneratedRegex(@"^uid=(\d+)\S* gid=(\d+)\S* groups=(\S+)")]
    private static partial Regex IdLine();

    [GeneratedRegex(@"(\d+)(\([^)]*\))?")]
    private static partial Regex GroupNumber();
}
