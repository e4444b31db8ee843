using Berth.Platform.Host;
using Berth.Runtime.Top;

namespace Berth.Runtime.Tests.Top;

public sealed class ProcessFilesTests
{
    // Recorded from a busy-looping sh in a podman container, with a command name holding ") (" to test the split.
    private const string Stat =
        "331 (sh) (x) R 313 331 331 34816 331 4194560 166 0 0 0 271 3 0 0 20 0 1 0 1234567 2322432 396 18446744073709551615 "
        + "4194304 5035009 140731259606944 0 0 0 0 0 65538 0 0 0 17 1 0 0 0 0 0 7133136 7147120 10416128 140731259612102 0 0 0 0\n";

    private const string Status = """
        Name:	sh
        Umask:	0022
        State:	R (running)
        Tgid:	331
        Ngid:	0
        Pid:	331
        PPid:	313
        TracerPid:	0
        Uid:	0	1	2	3
        Gid:	4	5	6	7
        FDSize:	64
        Groups:	10 20 
        NStgid:	331	1
        NSpid:	331	1
        VmRSS:	    1584 kB
        CapInh:	0000000000000000
        CapPrm:	00000000a80425fb
        CapEff:	00000000a80425fb
        CapBnd:	00000000a80425fb
        CapAmb:	0000000000000000
        NoNewPrivs:	0
        Seccomp:	2
        """;

    [Fact]
    public void ParseStat_CommWithParentheses_CutsAtLastParenthesis()
    {
        var s = ProcessFiles.ParseStat(Stat);
        Assert.Equal(331, s.Pid);
        Assert.Equal("sh) (x", s.Comm);
        Assert.Equal("R", s.State);
        Assert.Equal(313, s.ParentPid);
        Assert.Equal(331, s.ProcessGroup);
        Assert.Equal(34816, s.TtyNr);
        Assert.Equal(271, s.UserTicks);
        Assert.Equal(3, s.SystemTicks);
        Assert.Equal(0, s.Nice);
        Assert.Equal(1234567, s.StartTicks);
        Assert.Equal(2322432UL, s.VirtualBytes);
    }

    [Fact]
    public void ParseStatus_RecordedStatus_ReadsIdsNamespacesAndCaps()
    {
        var s = ProcessFiles.ParseStatus(Status);
        Assert.Equal("sh", s.Name);
        Assert.Equal("R", s.State);
        Assert.Equal(313, s.ParentPid);
        Assert.Equal([0u, 1, 2, 3], s.Uids);
        Assert.Equal([4u, 5, 6, 7], s.Gids);
        Assert.Equal([10u, 20], s.Groups);
        Assert.Equal([331, 1], s.NamespacePids);
        Assert.Equal("1584", s.ResidentKilobytes);
        Assert.Equal(0xa80425fbUL, s.CapBounding);
        Assert.Equal(0UL, s.CapAmbient);
        Assert.Equal("2", s.Seccomp);
    }

    [Fact]
    public void ParseCmdline_NulTerminated_KeepsTrailingEmptyArgument()
    {
        Assert.Equal(["sleep", "1000", ""], ProcessFiles.ParseCmdline("sleep\01000\0"));
    }

    [Fact]
    public void Describe_PodmanDefaultCaps_MatchesPsgo()
    {
        Assert.Equal("CHOWN,DAC_OVERRIDE,FOWNER,FSETID,KILL,NET_BIND_SERVICE,SETFCAP,SETGID,SETPCAP,SETUID,SYS_CHROOT",
            Capabilities.Describe(0x800405fb));
        Assert.Equal("none", Capabilities.Describe(0));
        Assert.Equal("full", Capabilities.Describe(Capabilities.Full));
        Assert.Equal("CHOWN,unknown", Capabilities.Describe(1UL | (1UL << 50)));
    }

    [Fact]
    public void AccountDatabase_FirstEntryWins_UnknownIdsPrintAsNumbers()
    {
        var db = AccountDatabase.Parse("root:x:0:0::/root:/bin/sh\n#c\nbad\ntoor:x:0:0::/:/bin/sh\nbin:x:1:1::/:/bin/sh\n", "wheel:x:10:\n");
        Assert.Equal("root", db.UserName(0));
        Assert.Equal("bin", db.UserName(1));
        Assert.Equal("42", db.UserName(42));
        Assert.Equal("wheel", db.GroupName(10));
        Assert.Equal("0", db.GroupName(0));
    }
}
