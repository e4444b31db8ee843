using System.Net;
using Berth.Cli.CommandLine;
using Berth.Cli.Output;
using Berth.Engine.Networks;
using Berth.Network.Model;
using Berth.Templates;

namespace Berth.Cli.Commands;

/// <summary>podman 4.3.1's network create, ls, inspect, rm, prune and exists: flags to engine calls, podman's output and exit codes.</summary>
public static partial class NetworkActions
{
    internal static NetworkService Open(Invocation invocation) => new(EngineFactory.Create(invocation));

    public static Task<int> CreateAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var gateways = new List<IPAddress>();
        foreach (var g in o.GetStrings("gateway"))
        {
            gateways.Add(GoNet.TryParseIp(g.Trim(), out var ip)
                ? ip
                : throw UsageException.ForFlag(invocation.Command, $"invalid argument \"{g}\" for \"--gateway\" flag: invalid string being converted to IP address: {g}"));
        }

        var dns = o.GetStrings("dns");
        foreach (var server in dns)
        {
            if (!GoNet.TryParseIp(server, out _))
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"{server} is not an ip address");
            }
        }

        var macvlan = o.GetString("macvlan") ?? "";
        var request = NetworkCreateRequestParser.FromFlags(new NetworkCreateFlags
        {
            Name = invocation.Arguments.Count > 0 ? invocation.Arguments[0] : "",
            Driver = o.GetString("driver") ?? "bridge",
            Subnets = o.GetStrings("subnet"),
            Gateways = gateways,
            Ranges = o.GetStrings("ip-range"),
            Labels = o.GetStrings("label"),
            Options = o.GetStrings("opt"),
            IpamDriver = o.Changed("ipam-driver") ? o.GetString("ipam-driver") ?? "" : null,
            Internal = o.GetBool("internal"),
            DisableDns = o.GetBool("disable-dns"),
            Ipv6 = o.GetBool("ipv6"),
            MacVlan = macvlan,
            InterfaceName = o.GetString("interface-name") ?? "",
            DnsServers = dns,
        });
        if (macvlan.Length > 0)
        {
            CliLog.Warn("The --macvlan option is deprecated, use `--driver macvlan --opt parent=<device>` instead");
        }

        using var service = Open(invocation);
        var network = service.Create(request, o.GetBool("ignore"));
        invocation.Out.WriteLine(network.Name);
        return Task.FromResult(0);
    }

    public static Task<int> ListAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        using var service = Open(invocation);
        var networks = service.List(o.GetStrings("filter"));
        NetworkListOutput.Write(invocation.Out, networks, new NetworkListOptions
        {
            Format = o.Changed("format") ? o.GetString("format") ?? "" : null,
            Quiet = o.GetBool("quiet"),
            NoTrunc = o.GetBool("no-trunc"),
            NoHeading = o.GetBool("noheading"),
        });
        return Task.FromResult(0);
    }

    /// <summary>
    /// podman's inspect: the networks found as five-space JSON (or the template), then the errors — every one but the
    /// first as "error inspecting object: …" lines, the first as the command's error.
    /// </summary>
    public static Task<int> InspectAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var service = Open(invocation);
        var found = new List<object?>();
        var errors = new List<string>();
        foreach (var name in invocation.Arguments)
        {
            NetworkDefinition? network;
            try
            {
                network = service.Directory.TryFind(name);
            }
            catch (BerthException e)
            {
                throw new BerthException(e.Kind, $"inspecting network {name}: {e.Message}");
            }

            if (network is null)
            {
                errors.Add($"network {name}: unable to find network with name or ID {name}: network not found");
                continue;
            }

            found.Add(NetworkViews.Network(network));
        }

        InspectOutput.Write(invocation.Out, invocation.Options.GetString("format"), found, isImage: false);
        return InspectOutput.Finish(invocation.Error, errors);
    }

    /// <summary>
    /// podman's network rm: removed names printed as given; with -f missing networks are no error; every error but the
    /// last printed, the last returned; exit 1 when a network was missing, 2 when one was in use, else 125.
    /// </summary>
    public static async Task<int> RemoveAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var force = o.GetBool("force");
        uint? timeout = null;
        if (o.Changed("time"))
        {
            if (!force)
            {
                throw new BerthException(ErrorKind.InvalidArgument, "--force option must be specified to use the --time option");
            }

            timeout = (uint)o.GetInt("time");
        }

        using var service = Open(invocation);
        var reports = await service.RemoveAsync(invocation.Arguments, force, timeout, cancellationToken).ConfigureAwait(false);
        var errors = new List<BerthException>();
        int? exit = null;
        foreach (var r in reports)
        {
            if (r.Error is null)
            {
                invocation.Out.WriteLine(r.Name);
                continue;
            }

            if (force && r.Error.Kind == ErrorKind.NotFound)
            {
                continue;
            }

            exit = r.Error.ExitCode ?? exit;
            errors.Add(r.Error);
        }

        return CommandErrors.Print(invocation, errors, exit);
    }

    public static async Task<int> PruneAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        if (!o.GetBool("force") && !await ImageMaintenanceActions.ConfirmAsync(invocation, "WARNING! This will remove all networks not used by at least one container.", cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        using var service = Open(invocation);
        return CommandErrors.PrintPruned(invocation, service.Prune(o.GetStrings("filter")).Select(r => (r.Name, r.Error)));
    }

    public static Task<int> ExistsAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var service = Open(invocation);
        return Task.FromResult(service.Exists(invocation.Arguments[0]) ? 0 : 1);
    }
}
