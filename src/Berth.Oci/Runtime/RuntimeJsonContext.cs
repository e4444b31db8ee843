using System.Text.Json.Serialization;

namespace Berth.Oci;

/// <summary>Source-generated JSON for the runtime-spec <c>config.json</c> model; nulls left out when writing.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = false)]
[JsonSerializable(typeof(RuntimeSpec))]
public sealed partial class RuntimeJsonContext : JsonSerializerContext
{
    /// <summary>For writing config.json for a runtime: no HTML escaping beyond what JSON needs, nulls left out.</summary>
    public static RuntimeJsonContext Writer { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });
}
