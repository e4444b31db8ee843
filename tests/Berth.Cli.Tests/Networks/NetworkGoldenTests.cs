using System.Text.RegularExpressions;
using Berth.Cli.CommandLine;
using Berth.Cli.Commands;
using Berth.Cli.Output;
using Berth.Cli.Personalities;
using Berth.Network;
using Berth.Network.Model;

namespace Berth.Cli.Tests.Networks;

/// <summary>
/// The network commands against podman 4.3.1: help byte for byte (<c>Golden/networks/record.sh</c>) and ls/inspect
/// output over the network files podman wrote (<c>Golden/networks/record-output.sh</c>: <c>defs/</c> in, <c>out/</c> expected).
/// </summary>
public sealed partial class NetworkGoldenTests
{
    private static string GoldenDirectory => HelpGoldens.Directory("networks");

    private const string Fields = "{{.Name}} {{.ID}} {{.Driver}} {{.Labels}} {{.NetworkInterface}} {{.Created}} {{.Subnets}} {{.IPv6Enabled}} {{.Internal}} {{.DNSEnabled}} {{.Options}} {{.IPAMOptions}}";

    public static TheoryData<string> HelpFiles() => HelpGoldens.Files("networks");

    [Fact]
    public void GoldenFolder_HoldsEveryRecordedCommand() => Assert.Equal(10, HelpFiles().Count);

    [Theory]
    [MemberData(nameof(HelpFiles))]
    public void Help_MatchesPodman(string file)
    {
        var (expected, actual) = HelpGoldens.Compare("networks", file);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("network remove")]
    [InlineData("network rm")]
    [InlineData("network ls")]
    [InlineData("network connect")]
    public void Tree_HasPodmansNamesAndAliases(string path) => Assert.NotNull(HelpGoldens.Command(path).Action);

    [Fact]
    public void Inspect_Json_MatchesPodman()
    {
        Assert.Equal(Expected("inspect.txt"), Inspect(null, "full", "mac2", "v6", "int2", "ipn"));
    }

    [Fact]
    public void Inspect_Template_PrintsGoValues()
    {
        Assert.Equal(Expected("inspect-fields.txt"), Inspect(Fields, "full", "mac2", "v6", "int2", "ipn"));
    }

    [Fact]
    public void Inspect_RangeOverSubnets_PrintsCidrsAndRanges()
    {
        Assert.Equal(
            Expected("inspect-subnets.txt"),
            Inspect("{{range .Subnets}}{{.Subnet}} {{.Gateway}} {{.LeaseRange}} {{.Subnet.IP}} {{.Subnet.Mask}};{{end}}", "full", "v6", "int2"));
    }

    [Fact]
    public void List_NoTrunc_MatchesPodman() =>
        Assert.Equal(Expected("ls-no-trunc.txt"), List(new NetworkListOptions { NoTrunc = true }));

    [Fact]
    public void List_Json_MatchesPodman() =>
        Assert.Equal(Expected("ls-json.txt"), List(new NetworkListOptions { Format = "json" }));

    [Fact]
    public void List_Fields_MatchesPodman() =>
        Assert.Equal(Expected("ls-fields.txt"), List(new NetworkListOptions { Format = Fields }));

    [Fact]
    public void List_Table_HeadersAsPodman() =>
        Assert.Equal(
            Expected("ls-table.txt"),
            List(new NetworkListOptions { Format = "table {{.Name}}\\t{{.Subnets}}\\t{{.IPv6Enabled}}\\t{{.DNSEnabled}}\\t{{.Internal}}\\t{{.Options}}\\t{{.IPAMOptions}}\\t{{.NetworkInterface}}" }));

    [Fact]
    public void List_Quiet_PrintsNamesSorted() =>
        Assert.Equal("full\nint2\nipn\nmac2\nv6\n", List(new NetworkListOptions { Quiet = true, Format = "{{.ID}}" }));

    [Fact]
    public void List_Default_TruncatesIdsUnderPodmansHeader()
    {
        var text = List(new NetworkListOptions());

        Assert.StartsWith("NETWORK ID    NAME        DRIVER\n", text, StringComparison.Ordinal);
        Assert.Contains("\nee0544024949  mac2        macvlan\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void List_NoHeading_OmitsHeader() =>
        Assert.DoesNotContain("NETWORK ID", List(new NetworkListOptions { NoHeading = true }), StringComparison.Ordinal);

    private static List<NetworkDefinition> Networks() =>
        [.. new NetworkConfigDirectory(Path.Combine(GoldenDirectory, "defs"), "podman", "10.88.0.0/16").List().Where(n => n.Name != "podman")];

    private static string Inspect(string? format, params string[] names)
    {
        var all = Networks();
        var views = names.Select(n => (object?)NetworkViews.Network(all.Single(x => x.Name == n))).ToList();
        using var output = new StringWriter();
        InspectOutput.Write(output, format, views, isImage: false);
        return output.ToString();
    }

    private static string List(NetworkListOptions options)
    {
        using var output = new StringWriter();
        NetworkListOutput.Write(output, Networks(), options);
        return output.ToString();
    }

    /// <summary>podman's output with Go's nested pointer addresses replaced by Berth's stand-in.</summary>
    private static string Expected(string name) =>
        PointerAddress().Replace(File.ReadAllText(Path.Combine(GoldenDirectory, "out", name)), "0xc000010000");

    [GeneratedRegex("0xc[0-9a-f]{9}")]
    private static partial Regex PointerAddress();
}
