using System.Net;
using Berth.Cli.CommandLine;
using Berth.Engine.Containers;
using Berth.Network.Netavark;

namespace Berth.Cli.Commands;

/// <summary><c>network connect</c>, <c>disconnect</c> and <c>reload</c>: they act on containers (podman prints nothing for the first two).</summary>
public static partial class NetworkActions
{
    public static async Task<int> ConnectAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var ips = new List<string>();
        foreach (var flag in (ReadOnlySpan<string>)["ip", "ip6"])
        {
            if (o.Changed(flag) && o.GetString(flag) is { Length: > 0 } text)
            {
                if (!IPAddress.TryParse(text, out var ip))
                {
                    throw new UsageException($"invalid argument \"{text}\" for \"--{flag}\" flag: invalid string being converted to IP address: {text}");
                }

                ips.Add(ip.ToString());
            }
        }

        var aliases = o.GetStrings("alias");
        var mac = o.Changed("mac-address") ? o.GetString("mac-address") : null;
        var options = new PerNetworkOptions
        {
            InterfaceName = "",
            StaticIps = ips.Count > 0 ? ips : null,
            Aliases = aliases.Count > 0 ? [.. aliases] : null,
            StaticMac = mac is { Length: > 0 } ? mac.ToLowerInvariant() : null,
        };
        using var service = ContainerActions.Open(invocation);
        var container = service.Find(invocation.Arguments[1]);
        await service.ConnectNetworkAsync(container, invocation.Arguments[0], options, cancellationToken).ConfigureAwait(false);
        return 0;
    }

    public static async Task<int> DisconnectAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var service = ContainerActions.Open(invocation);
        var container = service.Find(invocation.Arguments[1]);
        await service.DisconnectNetworkAsync(container, invocation.Arguments[0], cancellationToken).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Prints each reloaded container's ID; with --all, every running container with a bridge network.</summary>
    public static async Task<int> ReloadAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var all = o.Changed("all") && o.GetBool("all");
        var latest = o.Changed("latest") && o.GetBool("latest");
        if (!all && !latest && invocation.Arguments.Count == 0)
        {
            throw new UsageException("when not reloading all containers, you must provide at least one container name or ID");
        }

        if ((all || latest) && invocation.Arguments.Count > 0)
        {
            throw new UsageException("--all, --latest and containers cannot be used together");
        }

        using var service = ContainerActions.Open(invocation);
        IEnumerable<Container> targets = all
            ? service.List().Where(c => c.State.NetNsPath.Length > 0 && c.State.Status is ContainerStatus.Running or ContainerStatus.Paused)
            : latest ? [service.Latest()] : invocation.Arguments.Select(service.Find).ToList();
        var failed = 0;
        foreach (var c in targets)
        {
            try
            {
                await service.ReloadNetworkAsync(c, cancellationToken).ConfigureAwait(false);
                invocation.Out.WriteLine(c.Id);
            }
            catch (BerthException e) when (!all)
            {
                failed++;
                await invocation.Error.WriteLineAsync("Error: " + e.Message).ConfigureAwait(false);
            }
        }

        return failed > 0 ? 125 : 0;
    }
}
