using Berth.Network.Model;

namespace Berth.Network.Tests;

public sealed class HostNetworkProbeTests
{
    [Fact]
    public void ParseIpv4Routes_SkipsDefaultRoute()
    {
        const string text = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
            + "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
            + "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
            + "br0\t0000590A\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n";

        var routes = HostNetworkProbe.ParseIpv4Routes(text).Select(GoNet.Format).ToList();

        Assert.Equal(["192.0.2.0/24", "10.89.0.0/16"], routes);
    }

    [Fact]
    public void ParseIpv6Routes_SkipsDefaultRoute()
    {
        const string text = "fd000000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0\n"
            + "00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000002 00000000 00000003     eth0\n";

        var routes = HostNetworkProbe.ParseIpv6Routes(text).Select(GoNet.Format).ToList();

        Assert.Equal(["fd00::/64"], routes);
    }

    [Fact]
    public void Read_ThisHost_ListsLoopback()
    {
        var facts = HostNetworkProbe.Read();

        Assert.Contains("lo", facts.InterfaceNames);
        Assert.Contains(facts.UsedSubnets, s => GoNet.Format(s) == "127.0.0.0/8");
    }
}
