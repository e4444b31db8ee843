namespace Berth.Templates.Tests;

/// <summary>Go's fmt verbs, flags and error forms.</summary>
public sealed class GoFmtTests
{
    [Theory]
    [InlineData("%d|%5d|%-5d|%05d|%+d|%x|%X|%o|%O|%b|%#x|%c|%q|%U", "42|   42|42   |00042|+42|2a|2A|52|0o52|101010|0x2a|*|'*'|U+002A")]
    [InlineData("%s|%q|%10s|%-10s|%.2s|%x|% x|%#q", "linux|\"linux\"|     linux|linux     |li|6c696e7578|6c 69 6e 75 78|`linux`")]
    [InlineData("%f|%.2f|%8.3f|%e|%.3g|%g|%v", "3.141590|3.14|   3.142|3.141590e+00|3.14|3.14159|3.14159")]
    [InlineData("%t|%v|%5t", "true|true| true")]
    [InlineData("%%|%v", "%|<nil>")]
    public void Sprintf_Verb_FormatsLikeGo(string format, string expected)
    {
        object?[] args = format switch
        {
            _ when format.StartsWith("%d", StringComparison.Ordinal) => [42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42],
            _ when format.StartsWith("%s", StringComparison.Ordinal) => ["linux", "linux", "linux", "linux", "linux", "linux", "linux", "linux"],
            _ when format.StartsWith("%f", StringComparison.Ordinal) => [3.14159, 3.14159, 3.14159, 3.14159, 3.14159, 3.14159, 3.14159],
            _ when format.StartsWith("%t", StringComparison.Ordinal) => [true, true, true],
            _ => [null],
        };
        Assert.Equal(expected, GoFmt.Sprintf(format, args));
    }

    [Fact]
    public void Sprintf_WrongVerb_ShowsTypeAndValue()
    {
        Assert.Equal("%!d(string=linux)|%!s(int=3)|%!t(<nil>)", GoFmt.Sprintf("%d|%s|%t", "linux", 3, null));
    }

    [Fact]
    public void Sprintf_ArgumentCountMismatch_ShowsMissingAndExtra()
    {
        Assert.Equal("linux %!s(MISSING)", GoFmt.Sprintf("%s %s", "linux"));
        Assert.Equal("linux%!(EXTRA string=amd64, int=1)", GoFmt.Sprintf("%s", "linux", "amd64", 1));
        Assert.Equal("b a %!s(BADINDEX)", GoFmt.Sprintf("%[2]s %[1]s %[3]s", "a", "b"));
        Assert.Equal("abc%!(NOVERB)", GoFmt.Sprintf("abc%"));
    }

    [Fact]
    public void Sprintf_Composites_UseGoValueSyntax()
    {
        var sub = new TestStruct("*main.Sub", ("Name", "sub"), ("Value", 7));
        Assert.Equal("&{sub 7}|&{Name:sub Value:7}|[a b]|map[a:1 b:2]|<nil>",
            GoFmt.Sprintf("%v|%+v|%v|%v|%v", sub, sub, new[] { "a", "b" }, new Dictionary<string, int> { ["b"] = 2, ["a"] = 1 }, GoTypedNil.Of("*main.Sub")));
        Assert.Equal("[    a     b]|[\"a\" \"b\"]", GoFmt.Sprintf("%5v|%q", new[] { "a", "b" }, new[] { "a", "b" }));
    }

    [Fact]
    public void Sprintf_Floats_RoundHalfToEvenOnExactValue()
    {
        Assert.Equal("0 2 2 0.2 1.00 1.12 0.1", GoFmt.Sprintf("%.0f %.0f %.0f %.1f %.2f %.2f %.1f", 0.5, 1.5, 2.5, 0.25, 1.005, 1.125, 0.05));
        Assert.Equal("1 0.1 100000 1e+06 1e-05 1.23456789e+08", GoFmt.Sprintf("%v %v %v %v %v %v", 1.0, 0.1, 100000.0, 1000000.0, 1e-5, 123456789.0));
        Assert.Equal("2.05 419 1e+03", GoFmt.Sprintf("%.3g %.3g %.3g", 2.048, 419.4304, 999.999));
    }

    [Fact]
    public void Sprint_Spaces_OnlyBetweenNonStrings()
    {
        Assert.Equal("1 2ab3", GoFmt.Sprint(1, 2, "a", "b", 3));
        Assert.Equal("1 a\n", GoFmt.Sprintln(1, "a"));
    }

    [Fact]
    public void Sprintf_TypeVerb_PrintsGoTypeNames()
    {
        Assert.Equal("string int int64 float64 []string map[string]string time.Time time.Duration",
            GoFmt.Sprintf("%T %T %T %T %T %T %T %T", "", 1, 1L, 1.0, new[] { "a" }, new Dictionary<string, string>(), DateTimeOffset.UnixEpoch, TimeSpan.Zero));
    }

    [Fact]
    public void Sprintf_FloatHexAndBinary_MatchGoStrconv()
    {
        Assert.Equal(
            "0x1.921f9f01b866ep+01|-0X1.34AP+10|0x1.55p-02|5629499534213120p-51|0x1.0000p+00|0x1.ff8p+07|0x0p+00|0x1.2688b70e62bp-1030|0x1.8p+00|13421773p-27|0x1.7e43c8800759cp+996",
            GoFmt.Sprintf("%x|%X|%.2x|%b|%#x|%10.3x|%x|%x|%x|%b|%x", 3.14159, -1234.5, 1.0 / 3, 2.5, 1.0, 255.75, 0.0, 1e-310, 1.5f, 0.1f, 1e300));
    }
}
