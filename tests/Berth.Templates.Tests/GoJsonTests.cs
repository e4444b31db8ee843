using System.Text.Json;

namespace Berth.Templates.Tests;

/// <summary>Go's encoding/json output shape.</summary>
public sealed class GoJsonTests
{
    [Fact]
    public void Serialize_Map_SortsKeys()
    {
        Assert.Equal("{\"a\":\"1\",\"b\":2}", GoJson.Serialize(new Dictionary<string, object?> { ["b"] = 2, ["a"] = "1" }));
    }

    [Fact]
    public void Serialize_Nils_AreNull()
    {
        Assert.Equal("[null,null,null,[]]", GoJson.Serialize(new object?[] { null, GoTypedNil.Of("[]string"), GoTypedNil.Of("map[string]string"), Array.Empty<string>() }));
    }

    [Fact]
    public void Serialize_TimeAndDuration_UseGoEncoding()
    {
        var t = GoTimestamp.ParseRfc3339("2024-03-05T10:20:10.5Z");
        Assert.Equal("[\"2024-03-05T10:20:10.5Z\",1500000000]", GoJson.Serialize(new object?[] { t, TimeSpan.FromSeconds(1.5) }));
    }

    [Fact]
    public void Serialize_HtmlCharacters_EscapedOnlyWhenAsked()
    {
        Assert.Equal("\"<b>&amp;</b>\"", GoJson.Serialize("<b>&amp;</b>"));
        Assert.Equal("\"\\u003cb\\u003e\\u0026amp;\\u003c/b\\u003e\"", GoJson.Serialize("<b>&amp;</b>", escapeHtml: true));
    }

    [Fact]
    public void Serialize_SpecialCharacters_UseGoEscapes()
    {
        Assert.Equal("\"\\t\\n\\u0001\\u0008\\u2028\\\"\\\\ é 😀\"", GoJson.Serialize("\t\n\u0001\b\u2028\"\\ é 😀"));
    }

    [Fact]
    public void Serialize_Floats_UseGoForm()
    {
        Assert.Equal("[1e+21,100000000000000000000,1e-7,0.000001,123.456]", GoJson.Serialize(new object?[] { 1e21, 1e20, 1e-7, 1e-6, 123.456 }));
    }

    [Fact]
    public void Serialize_Indent_MatchesGoMarshalIndent()
    {
        Assert.Equal("{\n    \"a\": [\n        1\n    ],\n    \"b\": {}\n}", GoJson.Serialize(new Dictionary<string, object?> { ["a"] = new[] { 1 }, ["b"] = new Dictionary<string, object?>() }, indent: "    "));
    }

    [Fact]
    public void Serialize_JsonWritable_WritesItsOwnShape()
    {
        Assert.Equal("{\"id\":\"x\",\"n\":[1]}", GoJson.Serialize(new Writable()));
    }

    private sealed class Writable : IJsonWritable
    {
        public void WriteJson(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteString("id", "x");
            writer.WritePropertyName("n");
            GoJson.WriteValue(writer, new List<int> { 1 });
            writer.WriteEndObject();
        }
    }
}
