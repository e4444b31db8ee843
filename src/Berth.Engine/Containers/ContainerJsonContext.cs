using System.Text.Json.Serialization;

namespace Berth.Engine.Containers;

/// <summary>The stored shapes of containers (config and state).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ContainerConfig))]
[JsonSerializable(typeof(ContainerState))]
internal sealed partial class ContainerJsonContext : JsonSerializerContext;

/// <summary>
/// The same shapes, serialization code only: config and state are written on every create and state change, and
/// the generated writing code spares building the metadata of the whole model, which only readers need.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(ContainerConfig))]
[JsonSerializable(typeof(ContainerState))]
internal sealed partial class ContainerWriterJsonContext : JsonSerializerContext;
