using System.Net.NetworkInformation;
using Berth.Platform.Host;

namespace Berth.Runtime.Tests;

public sealed class InterfaceAddressesTests
{
    [Fact]
    public void List_GivesTheAddressesDotNetSees()
    {
        var expected = NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(u => u.Address.ToString()))
            .Order(StringComparer.Ordinal);

        var actual = InterfaceAddresses.List().Select(a => a.ToString()).Order(StringComparer.Ordinal);

        Assert.Equal(expected, actual);
        Assert.Contains("127.0.0.1", actual);
    }
}
