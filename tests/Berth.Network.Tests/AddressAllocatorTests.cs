using System.Net;
using Berth.Network.Model;

namespace Berth.Network.Tests;

public sealed class AddressAllocatorTests
{
    private static readonly NetworkSubnet Slash24 = new() { Subnet = "10.89.0.0/24", Gateway = "10.89.0.1" };

    [Fact]
    public void Next_EmptyNetwork_FirstAfterGateway()
    {
        Assert.Equal("10.89.0.2", AddressAllocator.Next(Slash24, new HashSet<string>(), null)?.ToString());
    }

    [Fact]
    public void Next_AfterLast_DoesNotReuseAtOnce()
    {
        // .2 was freed, .3 was the last handed out: podman's host-local goes on with .4.
        Assert.Equal("10.89.0.4", AddressAllocator.Next(Slash24, new HashSet<string>(), "10.89.0.3")?.ToString());
        Assert.Equal("10.89.0.6", AddressAllocator.Next(Slash24, new HashSet<string> { "10.89.0.4", "10.89.0.5" }, "10.89.0.3")?.ToString());
    }

    [Fact]
    public void Next_LastAtEnd_WrapsAndSkipsBroadcastAndGateway()
    {
        Assert.Equal("10.89.0.2", AddressAllocator.Next(Slash24, new HashSet<string>(), "10.89.0.254")?.ToString());
    }

    [Fact]
    public void Next_Full_Null()
    {
        var used = Enumerable.Range(2, 253).Select(i => $"10.89.0.{i}").ToHashSet();
        Assert.Null(AddressAllocator.Next(Slash24, used, null));
    }

    [Fact]
    public void Next_LeaseRange_StaysInside()
    {
        var subnet = Slash24 with { LeaseRange = new LeaseRange { StartIp = "10.89.0.100", EndIp = "10.89.0.101" } };
        Assert.Equal("10.89.0.100", AddressAllocator.Next(subnet, new HashSet<string>(), null)?.ToString());
        Assert.Equal("10.89.0.101", AddressAllocator.Next(subnet, new HashSet<string> { "10.89.0.100" }, "10.89.0.100")?.ToString());
        Assert.Null(AddressAllocator.Next(subnet, new HashSet<string> { "10.89.0.100", "10.89.0.101" }, "10.89.0.101"));
    }

    [Theory]
    [InlineData("10.89.0.5", true)]
    [InlineData("10.89.0.0", false)]
    [InlineData("10.89.0.1", false)]
    [InlineData("10.89.0.255", false)]
    [InlineData("10.90.0.5", false)]
    public void IsUsable_StaticAddress(string ip, bool usable) =>
        Assert.Equal(usable, AddressAllocator.IsUsable(Slash24, IPAddress.Parse(ip)));

    [Fact]
    public void Next_Ipv6Subnet_FirstAddress()
    {
        var subnet = new NetworkSubnet { Subnet = "fd10:1:2:3::/64", Gateway = "fd10:1:2:3::1" };
        Assert.Equal("fd10:1:2:3::2", AddressAllocator.Next(subnet, new HashSet<string>(), null)?.ToString());
    }
}
