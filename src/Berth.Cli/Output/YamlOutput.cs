using System.Globalization;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Berth.Cli.Output;

/// <summary>
/// podman's default <c>info</c> output: the JSON document re-emitted as YAML the way go-yaml does it — keys
/// sorted, sequences not indented under their key, strings quoted only when YAML would misread them.
/// </summary>
public static class YamlOutput
{
    public static string FromJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var text = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(text, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024, indentSequences: false));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Emit(emitter, doc.RootElement);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Emit(IEmitter emitter, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
                emitter.Emit(new MappingStart(null, null, true, properties.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var p in properties)
                {
                    EmitString(emitter, p.Name);
                    Emit(emitter, p.Value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonValueKind.Array:
                var empty = element.GetArrayLength() == 0;
                emitter.Emit(new SequenceStart(null, null, true, empty ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in element.EnumerateArray())
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValueKind.String:
                EmitString(emitter, element.GetString()!);
                break;
            case JsonValueKind.Null:
                Plain(emitter, "null");
                break;
            case JsonValueKind.True:
                Plain(emitter, "true");
                break;
            case JsonValueKind.False:
                Plain(emitter, "false");
                break;
            default:
                Plain(emitter, element.GetRawText());
                break;
        }
    }

    private static void Plain(IEmitter emitter, string value) =>
        emitter.Emit(new Scalar(null, null, value, ScalarStyle.Plain, true, false));

    private static void EmitString(IEmitter emitter, string value)
    {
        var style = value.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal
            : value.Length == 0 || LooksLikeOtherType(value) ? ScalarStyle.DoubleQuoted
            : NeedsQuotes(value) ? ScalarStyle.SingleQuoted
            : ScalarStyle.Plain;
        emitter.Emit(new Scalar(null, null, value, style, true, style != ScalarStyle.Plain));
    }

    /// <summary>Strings a YAML 1.1 reader would take as a bool, null or number: go-yaml double-quotes them.</summary>
    private static bool LooksLikeOtherType(string s) =>
        s is "~" or "null" or "Null" or "NULL" or "y" or "Y" or "yes" or "Yes" or "YES" or "n" or "N" or "no" or "No" or "NO"
            or "true" or "True" or "TRUE" or "false" or "False" or "FALSE" or "on" or "On" or "ON" or "off" or "Off" or "OFF"
        || double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        || (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && long.TryParse(s.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out _));

    private static bool NeedsQuotes(string s) =>
        "-?:,[]{}#&*!|>'\"%@`".Contains(s[0], StringComparison.Ordinal)
        || char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1])
        || s.Contains(": ", StringComparison.Ordinal) || s.Contains(" #", StringComparison.Ordinal) || s.EndsWith(':');
}
