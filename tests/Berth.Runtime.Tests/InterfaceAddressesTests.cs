using System.Net.NetworkInformation;
using Berth.Platform.Host;

namespace Berth.Runtime.Tests;

public sealed class InterfaceAddressesTests
{
    [Fact]
    public void List_GivesTheAddressesDotNetSees()
    {
        // Other test assemblies add and delete bridges and veths meanwhile: compare against a .NET view that stayed
        // the same before and after ours was taken (an interface deleted halfway makes .NET throw, so try again).
        for (var attempt = 1; ; attempt++)
        {
            var before = DotNetView();
            var actual = InterfaceAddresses.List().Select(a => a.ToString()).Order(StringComparer.Ordinal).ToList();
            var after = DotNetView();
            if (before is not null && after is not null && before.SequenceEqual(after))
            {
                Assert.Equal(before, actual);
                Assert.Contains("127.0.0.1", actual);
                return;
            }

            Assert.True(attempt < 50, "the host's interfaces kept changing");
            Thread.Sleep(100);
        }
    }

    private static List<string>? DotNetView()
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(u => u.Address.ToString()))
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        catch (NetworkInformationException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
