using System.Net;
using System.Text.Json;
using Berth.Network.Model;
using Berth.Templates;

namespace Berth.Cli.Output;

/// <summary>
/// libnetwork's <c>types.Network</c> as podman's templates and JSON see it: Go field names (ID, NetworkInterface,
/// IPv6Enabled, DNSEnabled, IPAMOptions, …), JSON names of the network files, <c>net.IP</c> and <c>types.IPNet</c> values
/// that print as Go prints them (<c>{{.Subnets}}</c> shows <c>[{{{10.89.0.0 ffffff00}} 10.89.0.1 &lt;nil&gt;}]</c>,
/// <c>{{range .Subnets}}{{.Subnet}}{{end}}</c> shows <c>10.89.0.0/24</c>).
/// </summary>
public static class NetworkViews
{
    /// <summary>The list command's header overrides (podman's network ls).</summary>
    public static readonly IReadOnlyDictionary<string, string> ListHeaderOverrides = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Name"] = "name",
        ["Driver"] = "driver",
        ["Labels"] = "labels",
        ["ID"] = "network id",
    };

    /// <summary>types.Network's fields, for table headers.</summary>
    public static readonly IReadOnlyList<string> Fields =
        ["Name", "ID", "Driver", "NetworkInterface", "Created", "Subnets", "IPv6Enabled", "Internal", "DNSEnabled", "Labels", "Options", "IPAMOptions"];

    public static GoStruct Network(NetworkDefinition n)
    {
        var view = new GoStruct(
            "types.Network",
            new GoField("Name", "name", n.Name),
            new GoField("ID", "id", n.Id),
            new GoField("Driver", "driver", n.Driver),
            new GoField("NetworkInterface", "network_interface", n.NetworkInterface ?? "", OmitEmpty: true),
            new GoField("Created", "created", Created(n)),
            new GoField("Subnets", "subnets", Subnets(n), OmitEmpty: true),
            new GoField("IPv6Enabled", "ipv6_enabled", n.Ipv6Enabled),
            new GoField("Internal", "internal", n.Internal),
            new GoField("DNSEnabled", "dns_enabled", n.DnsEnabled));
        if (n.NetworkDnsServers is { Count: > 0 } dns)
        {
            // Not in podman 4.3.1's type (podman 4.5 added it); shown only when a network has it.
            view.Add("NetworkDNSServers", dns.ToList(), "network_dns_servers", omitEmpty: true);
        }

        view.Add("Labels", Map(n.Labels), "labels", omitEmpty: true)
            .Add("Options", Map(n.Options), "options", omitEmpty: true)
            .Add("IPAMOptions", Map(n.IpamOptions), "ipam_options", omitEmpty: true);
        return view;
    }

    /// <summary>network ls's row: the network embedded, ID truncated unless --no-trunc, Labels as k=v,k=v.</summary>
    public static GoStruct ListRow(NetworkDefinition n, bool noTrunc) =>
        new GoStruct("network.ListPrintReports")
            .Embed(Network(n))
            .Method("ID", () => noTrunc || n.Id.Length <= 12 ? n.Id : n.Id[..12])
            .Method("Labels", () => string.Join(',', (n.Labels ?? new Dictionary<string, string>())
                .OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value)));

    private static object Created(NetworkDefinition n) =>
        GoTimestamp.TryParseRfc3339(n.Created, out var t) ? t : GoTimestamp.Zero;

    private static object Subnets(NetworkDefinition n)
    {
        if (n.Subnets is null)
        {
            return GoTypedNil.Of("[]types.Subnet");
        }

        return new GoSlice("[]types.Subnet", [.. n.Subnets.Select(Subnet)]);
    }

    private static object? Subnet(NetworkSubnet s)
    {
        var net = IpArithmetic.TryParseSubnet(s.Subnet, out var parsed) ? parsed : default;
        object range = s.LeaseRange is { } r
            ? new GoStruct("*types.LeaseRange", new GoField("StartIP", "start_ip", Ip(r.StartIp), OmitEmpty: true), new GoField("EndIP", "end_ip", Ip(r.EndIp), OmitEmpty: true))
            : GoTypedNil.Of("*types.LeaseRange", ["StartIP", "EndIP"]);
        return new GoStruct(
            "types.Subnet",
            new GoField("Subnet", "subnet", new GoIpNet(net)),
            new GoField("Gateway", "gateway", Ip(s.Gateway), OmitEmpty: true),
            new GoField("LeaseRange", "lease_range", range, OmitEmpty: true));
    }

    private static object Ip(string? text) =>
        text is not null && IPAddress.TryParse(text, out var a) ? new GoIp(a) : GoTypedNil.Of("net.IP");

    private static object Map(IReadOnlyDictionary<string, string>? map) =>
        map is null ? GoTypedNil.Of("map[string]string") : map.ToDictionary(StringComparer.Ordinal);

    /// <summary>net.IP: a Stringer; JSON text.</summary>
    private sealed class GoIp(IPAddress address) : IGoTyped, IGoStringer, IJsonWritable
    {
        public string GoTypeName => "net.IP";

        public string GoString() => GoNet.Format(address);

        public void WriteJson(Utf8JsonWriter writer) => writer.WriteStringValue(GoString());

        public override string ToString() => GoString();
    }

    /// <summary>net.IPMask: prints as hex.</summary>
    private sealed class GoIpMask(IPNetwork subnet) : IGoTyped, IGoStringer
    {
        public string GoTypeName => "net.IPMask";

        public string GoString() => GoNet.MaskHex(subnet);
    }

    /// <summary>
    /// libnetwork's types.IPNet (net.IPNet embedded, String and MarshalText on the pointer): CIDR text in actions and
    /// JSON, <c>{{10.89.0.0 ffffff00}}</c> when printed inside a struct or slice.
    /// </summary>
    private sealed class GoIpNet(IPNetwork subnet) : ITemplateObject, IJsonWritable, IGoAddressableStringer
    {
        private readonly GoStruct inner = new("net.IPNet", new GoField("IP", "IP", new GoIp(subnet.BaseAddress)), new GoField("Mask", "Mask", new GoIpMask(subnet)));

        public string GoTypeName => "types.IPNet";

        public IReadOnlyList<string> FieldNames { get; } = ["IPNet"];

        public bool TryGetField(string name, out object? value)
        {
            if (name == "IPNet")
            {
                value = inner;
                return true;
            }

            if (name == "String")
            {
                value = GoAddressString();
                return true;
            }

            return inner.TryGetField(name, out value);
        }

        public string GoAddressString() => GoNet.Format(subnet);

        public void WriteJson(Utf8JsonWriter writer) => writer.WriteStringValue(GoAddressString());
    }
}
