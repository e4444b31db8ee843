using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Berth.Oci;

/// <summary>Source-generated JSON for reading the runtime-spec <c>config.json</c> model.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = false)]
[JsonSerializable(typeof(RuntimeSpec))]
public sealed partial class RuntimeJsonContext : JsonSerializerContext
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// config.json for a runtime: no HTML escaping beyond what JSON needs, nulls left out. Written by the generated
    /// serialization code (<see cref="RuntimeSpecWriterContext"/>) into a writer that carries the encoder: this runs on
    /// every container start, and that code spares building the metadata of the whole spec model first (an encoder in
    /// the serializer options would turn that code off).
    /// </summary>
    public static byte[] Serialize(RuntimeSpec spec)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            JsonSerializer.Serialize(writer, spec, RuntimeSpecWriterContext.Default.RuntimeSpec);
        }

        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>The config.json writer's generated code (serialization only: it cannot read).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(RuntimeSpec))]
internal sealed partial class RuntimeSpecWriterContext : JsonSerializerContext;
