namespace Berth.Templates.Tests;

/// <summary>A type whose String has a pointer receiver (libnetwork's types.IPNet): actions use it, nested printing does not.</summary>
public sealed class AddressableStringerTests
{
    [Fact]
    public void Action_UsesString_NestedPrintShowsFields()
    {
        var net = new IpNetLike();
        var subnet = new GoStruct("types.Subnet", new GoField("Subnet", "subnet", net));
        var data = new GoStruct("types.Network", new GoField("Subnets", "subnets", new GoSlice("[]types.Subnet", [subnet])));

        Assert.Equal("10.0.0.0/24|[{{10.0.0.0 ffffff00}}]", T.Run("{{range .Subnets}}{{.Subnet}}{{end}}|{{.Subnets}}", data));
    }

    private sealed class IpNetLike : ITemplateObject, IGoAddressableStringer
    {
        public string GoTypeName => "types.IPNet";

        public IReadOnlyList<string> FieldNames { get; } = ["IP", "Mask"];

        public bool TryGetField(string name, out object? value)
        {
            value = name switch
            {
                "IP" => "10.0.0.0",
                "Mask" => "ffffff00",
                _ => null,
            };
            return value is not null;
        }

        public string GoAddressString() => "10.0.0.0/24";
    }
}
