using System.Text.Json.Serialization;
using Berth.Oci;

namespace Berth.Runtime.Conmon;

/// <summary>What conmon writes on its sync and attach pipes (API version 1): <c>{"data": N, "message": "…"}</c>.</summary>
internal sealed record SyncMessage(
    [property: JsonPropertyName("data")] int Data,
    [property: JsonPropertyName("message")] string? Message);

/// <summary>One line of the runtime's <c>--log-format=json</c> log (runc/crun): level, msg, time.</summary>
internal sealed record RuntimeLogEntry(
    [property: JsonPropertyName("level")] string? Level,
    [property: JsonPropertyName("msg")] string? Msg);

/// <summary>The runtime's <c>state</c> output (runtime-spec runtime.md "State").</summary>
internal sealed record RuntimeStateDocument(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("status")] string? Status);

/// <summary>Source-generated JSON for conmon's and the runtime's small documents, and exec process specs.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SyncMessage))]
[JsonSerializable(typeof(RuntimeLogEntry))]
[JsonSerializable(typeof(RuntimeStateDocument))]
[JsonSerializable(typeof(RuntimeProcess))]
internal sealed partial class ConmonJsonContext : JsonSerializerContext
{
    /// <summary>For process.json: no HTML escaping beyond what JSON needs, nulls left out (as Go's omitempty).</summary>
    public static ConmonJsonContext Writer { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });
}
