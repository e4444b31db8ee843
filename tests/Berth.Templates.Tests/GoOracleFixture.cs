namespace Berth.Templates.Tests;

/// <summary>The data the Go oracle (GoOracle/generator/main.go) executes its templates on, mirrored in Berth's model.</summary>
internal static class GoOracleFixture
{
    public static object? Data(string kind) => kind switch
    {
        "info" => Info(),
        "list" => new List<object?> { Info() },
        "nil" => null,
        "map" => new Dictionary<string, string> { ["ID"] = "IMAGE ID", ["Size"] = "SIZE" },
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static TestStruct Info()
    {
        var created = new DateTimeOffset(2023, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1234567);
        var info = new TestStruct(
            "*main.Info",
            ("Name", "berth"),
            ("Count", 3),
            ("Size", 2048000L),
            ("Ratio", 0.125),
            ("Flag", true),
            ("Tags", new[] { "a", "b", "c" }),
            ("NilTags", GoTypedNil.Of("[]string")),
            ("Labels", new Dictionary<string, string> { ["b"] = "2", ["a"] = "1", ["z"] = "", ["x.y"] = "dotted", ["html"] = "<a&b>" }),
            ("NilLabels", GoTypedNil.Of("map[string]string")),
            ("Created", created),
            ("Dur", TimeSpan.FromHours(1) + TimeSpan.FromMinutes(2) + TimeSpan.FromMilliseconds(3500)),
            ("Nested", new TestStruct("*main.Sub", ("Name", "sub"), ("Value", 7))),
            ("NilPtr", GoTypedNil.Of("*main.Sub", ["Name", "Value"])),
            ("Any", new GoInterface("anything")),
            ("NilAny", new GoInterface(null)),
            ("Items", new List<TestStruct> { new("main.Sub", ("Name", "x"), ("Value", 1)), new("main.Sub", ("Name", "y"), ("Value", 2)) }),
            ("Anys", new List<object?> { "s", 1, true, null }),
            ("Meta", new Dictionary<string, object?> { ["k"] = "v", ["n"] = 2 }),
            ("Unicode", "héllo wörld ✓ 😀"),
            ("Empty", ""),
            ("Zero", 0));
        return info.WithMethod("Upper", () => "BERTH");
    }
}
