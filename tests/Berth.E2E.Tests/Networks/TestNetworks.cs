using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Berth.E2E.Tests.Networks;

/// <summary>A bridge network of a test: its own subnet (10.99.x.0/24, x random) and bridge name.</summary>
public sealed record TestNetwork(string Name, string Subnet, string Gateway, string Bridge);

/// <summary>Helpers for network tests: network files in podman's format, free ports, host-side probes.</summary>
public static class TestNetworks
{
    private static int next = RandomNumberGenerator.GetInt32(0, 200);

    /// <summary>Writes a network file as podman would (the format is podman's, so Berth must read files podman wrote).</summary>
    public static TestNetwork Define(string configDir, bool dns = true, bool @internal = false)
    {
        var n = 20 + (Interlocked.Increment(ref next) % 230);
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        var network = new TestNetwork("net" + suffix, $"10.99.{n}.0/24", $"10.99.{n}.1", "be2e" + suffix);
        Directory.CreateDirectory(configDir);
        File.WriteAllText(Path.Combine(configDir, network.Name + ".json"), $$"""
            {
                 "name": "{{network.Name}}",
                 "id": "{{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}}",
                 "driver": "bridge",
                 "network_interface": "{{network.Bridge}}",
                 "created": "2026-12-05T15:11:14.12953696Z",
                 "subnets": [ { "subnet": "{{network.Subnet}}", "gateway": "{{network.Gateway}}" } ],
                 "ipv6_enabled": false,
                 "internal": {{(@internal ? "true" : "false")}},
                 "dns_enabled": {{(dns ? "true" : "false")}},
                 "ipam_options": { "driver": "host-local" }
            }
            """);
        return network;
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Any, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>A shell line for the box image that sends a GET and prints the body's last line (busybox nc).</summary>
    public static string HttpGet(string host, int port, string path = "/index.html") =>
        $"printf 'GET {path} HTTP/1.0\\r\\n\\r\\n' | nc -w 3 {host} {port} | tail -n 1";

    /// <summary>A host-side web server (busybox httpd) serving <paramref name="text"/> as /index.html on every address.</summary>
    public static Process ServeOnHost(string directory, int port, string text)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "index.html"), text + "\n");
        var p = Process.Start("/bin/busybox", ["httpd", "-f", "-p", $"0.0.0.0:{port}", "-h", directory]);
        Thread.Sleep(200);
        return p;
    }

    public static string Run(string file, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return text;
    }
}
