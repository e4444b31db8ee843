using System.Net;
using System.Net.Sockets;
using Berth.E2E.Tests.Containers;

namespace Berth.E2E.Tests.Networks;

/// <summary>Published ports with real traffic: the host's loopback and its other addresses reach the container.</summary>
public sealed class PublishedPortTests : IClassFixture<ContainerStoreFixture>
{
    private const string ServeHello = "mkdir -p /www && echo Hello httpd-test-server > /www/index.html && exec httpd -f -p 80 -h /www";
    private readonly ContainerStoreFixture _f;

    public PublishedPortTests(ContainerStoreFixture fixture) => _f = fixture;

    private RunResult Berth(params string[] args) => _f.Berth(args);

    [Fact]
    public async Task Publish_FixedPort_PageFromLoopbackAndHostAddress()
    {
        var port = TestNetworks.FreePort();
        Assert.Equal(0, Berth("run", "-d", "--name", "web-fixed", "-p", $"{port}:80", "box", "sh", "-c", ServeHello).ExitCode);
        try
        {
            Assert.Equal($"0.0.0.0:{port}\n", Berth("port", "web-fixed", "80").Stdout);
            Assert.Equal($"0.0.0.0:{port}->80/tcp\n", Berth("ps", "--filter", "name=web-fixed", "--format", "{{.Ports}}").Stdout);
            Assert.Equal("Hello httpd-test-server\n", await FetchAsync(IPAddress.Loopback, port));
            var hostAddress = HostAddress();
            Assert.Equal("Hello httpd-test-server\n", await FetchAsync(hostAddress, port));
        }
        finally
        {
            Berth("rm", "-f", "-t", "0", "web-fixed");
        }
    }

    [Fact]
    public async Task PublishAll_RandomPort_PageReachable()
    {
        Assert.Equal(0, Berth("run", "-d", "--name", "web-random", "--expose", "80", "-P", "box", "sh", "-c", ServeHello).ExitCode);
        try
        {
            var line = Berth("port", "web-random", "80").Stdout.Trim();
            var port = int.Parse(line[(line.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(port, 1024, 65535);
            Assert.Equal("Hello httpd-test-server\n", await FetchAsync(IPAddress.Loopback, port));
        }
        finally
        {
            Berth("rm", "-f", "-t", "0", "web-random");
        }
    }

    [Fact]
    public void Publish_PortInUse_ClearErrorAndNothingLeft()
    {
        using var taken = new TcpListener(IPAddress.Any, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var r = Berth("run", "--rm", "--name", "clash", "-p", $"{port}:80", "box", "true");
        Assert.Equal((126, $"Error: cannot listen on the TCP port: listen tcp4 :{port}: bind: address already in use\n"), (r.ExitCode, r.Stderr));
        Assert.Equal(1, Berth("container", "exists", "clash").ExitCode);

        var kept = Berth("run", "--name", "clash-kept", "-p", $"{port}:80", "box", "true");
        Assert.Equal(126, kept.ExitCode);
        Assert.Equal("", Berth("inspect", "--format", "{{.NetworkSettings.SandboxKey}}", "clash-kept").Stdout.Trim());
        Assert.Equal(0, Berth("rm", "clash-kept").ExitCode);
    }

    private static async Task<string> FetchAsync(IPAddress address, int port)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await client.GetStringAsync(new Uri($"http://{host}:{port}/index.html"));
            }
            catch (HttpRequestException) when (attempt < 200)
            {
                await Task.Delay(100); // httpd may still be starting (up to 20 s on a loaded machine)
            }
        }
    }

    /// <summary>An address of this host other than loopback (traffic "from another host" arrives there).</summary>
    private static IPAddress HostAddress()
    {
        // Other tests add and delete bridges and veths meanwhile; one deleted halfway makes .NET throw: look again.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
                    .Where(i => i.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up && i.NetworkInterfaceType != System.Net.NetworkInformation.NetworkInterfaceType.Loopback && !i.Name.StartsWith("podman", StringComparison.Ordinal) && !i.Name.StartsWith("be2e", StringComparison.Ordinal) && !i.Name.StartsWith("veth", StringComparison.Ordinal))
                    .SelectMany(i => i.GetIPProperties().UnicastAddresses)
                    .Select(a => a.Address)
                    .First(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
            }
            catch (Exception e) when (e is System.Net.NetworkInformation.NetworkInformationException or IOException && attempt < 20)
            {
                Thread.Sleep(100);
            }
        }
    }
}
