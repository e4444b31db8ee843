using System.Text.Json;
using System.Text.Json.Serialization;

namespace Berth.Config;

/// <summary>
/// The assembly's one source-generated JSON context (policy.json and auth.json wire shapes). Two instances:
/// <see cref="Strict"/> for policy.json (case-sensitive, no comments or trailing commas, like Go's decoder with
/// containers/image's paranoid object reader) and <see cref="Lenient"/> for auth.json (Go's default decoding:
/// property names match case-insensitively).
/// </summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(PolicyFileDto))]
[JsonSerializable(typeof(AuthFileDto))]
[JsonSerializable(typeof(Dictionary<string, AuthEntryDto?>))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext
{
    public static ConfigJsonContext Strict { get; } = new(new JsonSerializerOptions
    {
        PropertyNameCaseInsensitive = false,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
    });

    public static ConfigJsonContext Lenient { get; } = new(new JsonSerializerOptions
    {
        PropertyNameCaseInsensitive = true,
    });
}
