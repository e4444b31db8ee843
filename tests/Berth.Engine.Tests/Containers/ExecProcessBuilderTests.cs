using Berth.Engine.Containers;
using Berth.Oci;
using Berth.Runtime.Files;

namespace Berth.Engine.Tests.Containers;

/// <summary>The exec process as podman 4.3.1's prepareProcessExec/setProcessCapabilitiesExec derive it.</summary>
public sealed class ExecProcessBuilderTests
{
    private static readonly RuntimeProcess Container = new()
    {
        Terminal = true,
        User = new RuntimeUser { Uid = 0, Gid = 0, Umask = 18 },
        Args = ["sleep", "1000"],
        Env = ["PATH=/usr/bin:/bin", "TERM=xterm", "container=podman"],
        Cwd = "/",
        Capabilities = new RuntimeCapabilities
        {
            Bounding = ["CAP_CHOWN", "CAP_KILL"],
            Effective = ["CAP_CHOWN", "CAP_KILL"],
            Permitted = ["CAP_CHOWN", "CAP_KILL"],
            Inheritable = ["CAP_CHOWN"],
        },
    };

    private static readonly PasswdDatabase Users = PasswdDatabase.Parse(
        "root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n",
        "root:x:0:\nalice:x:1000:\nstaff:x:50:alice\n");

    private static RuntimeProcess Build(ExecRequest request, string containerUser = "", bool privileged = false) =>
        ExecProcessBuilder.Build(Container, request with { Privileged = privileged }, containerUser, new UserLookup(Users).Lookup, [], ["CAP_CHOWN", "CAP_KILL", "CAP_SYS_ADMIN"]);

    [Fact]
    public void Build_Defaults_ContainerProcessWithCommandNoTerminalAndHome()
    {
        var p = Build(new ExecRequest { Command = ["echo", "hi"] });
        Assert.Equal(["echo", "hi"], p.Args);
        Assert.False(p.Terminal);
        Assert.Equal(["PATH=/usr/bin:/bin", "TERM=xterm", "container=podman", "HOME=/root"], p.Env);
        Assert.Equal("/", p.Cwd);
        Assert.Equal(0u, p.User.Uid);
        Assert.Empty(p.Capabilities!.Inheritable!);
        Assert.Equal(["CAP_CHOWN", "CAP_KILL"], p.Capabilities.Effective);
    }

    [Fact]
    public void Build_EnvWorkdirTerminal()
    {
        var p = Build(new ExecRequest { Command = ["sh"], Env = ["A=1", "HOME=/h"], WorkingDir = "/tmp", Terminal = true });
        Assert.Equal(["PATH=/usr/bin:/bin", "TERM=xterm", "container=podman", "A=1", "HOME=/h"], p.Env);
        Assert.Equal("/tmp", p.Cwd);
        Assert.True(p.Terminal);
    }

    [Fact]
    public void Build_OtherUser_LookedUpWithGroupsAndKeepsContainerCaps()
    {
        var p = Build(new ExecRequest { Command = ["id"], User = "alice" });
        Assert.Equal((1000u, 1000u), (p.User.Uid, p.User.Gid));
        Assert.Equal([50u], p.User.AdditionalGids);
        Assert.Equal(18u, p.User.Umask);
        Assert.Contains("HOME=/home/alice", p.Env!);
        Assert.Equal(["CAP_CHOWN", "CAP_KILL"], p.Capabilities!.Permitted);
        Assert.Empty(p.Capabilities.Inheritable!);
    }

    [Fact]
    public void Build_ContainersOwnNonRootUser_GetsEffectiveSetEverywhere()
    {
        var p = Build(new ExecRequest { Command = ["id"] }, containerUser: "alice");
        Assert.Equal(1000u, p.User.Uid);
        Assert.Equal(["CAP_CHOWN", "CAP_KILL"], p.Capabilities!.Ambient);
        Assert.Equal(["CAP_CHOWN", "CAP_KILL"], p.Capabilities.Inheritable);
    }

    [Fact]
    public void Build_Privileged_BoundingIsCallersFullSet()
    {
        var p = Build(new ExecRequest { Command = ["sh"] }, privileged: true);
        Assert.Equal(["CAP_CHOWN", "CAP_KILL", "CAP_SYS_ADMIN"], p.Capabilities!.Bounding);
        Assert.Equal(p.Capabilities.Bounding, p.Capabilities.Effective);
    }

    [Fact]
    public void Build_UnknownUser_PodmansError()
    {
        var e = Assert.Throws<BerthException>(() => Build(new ExecRequest { Command = ["id"], User = "nobody" }));
        Assert.Equal("unable to find user nobody: no matching entries in passwd file", e.Message);
    }
}
