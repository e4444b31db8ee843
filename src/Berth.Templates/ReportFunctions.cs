using System.Globalization;
using System.Text;

namespace Berth.Templates;

/// <summary>The functions podman adds to every <c>--format</c> template (containers/common <c>report.DefaultFuncs</c>),
/// with their Go signatures: <c>join(elems []string, sep string)</c>, <c>json(v)</c>, <c>lower(s)</c>,
/// <c>pad(s string, prefix, suffix int)</c>, <c>split(s, sep string)</c>, <c>title(s)</c>,
/// <c>truncate(s string, length int)</c>, <c>upper(s)</c>.</summary>
public static class ReportFunctions
{
    private const GoParameterType S = GoParameterType.String;
    private const GoParameterType I = GoParameterType.Int;

    public static IReadOnlyDictionary<string, TemplateFunction> Default { get; } = new Dictionary<string, TemplateFunction>(StringComparer.Ordinal)
    {
        ["join"] = new(static a => string.Join((string)a[1]!, (IReadOnlyList<string>)a[0]!), GoParameterType.StringSlice, S),
        ["json"] = new(static a => Json(a[0]), GoParameterType.Any),
        ["lower"] = new(static a => ((string)a[0]!).ToLowerInvariant(), S),
        ["pad"] = new(static a => Pad((string)a[0]!, (int)a[1]!, (int)a[2]!), S, I, I),
        ["split"] = new(static a => Split((string)a[0]!, (string)a[1]!), S, S),
        ["title"] = new(static a => Title((string)a[0]!), S),
        ["truncate"] = new(static a => Truncate((string)a[0]!, (int)a[1]!), S, I),
        ["upper"] = new(static a => ((string)a[0]!).ToUpperInvariant(), S),
    };

    /// <summary>podman's <c>json</c>: <c>json.Encoder</c> with HTML escaping off, trailing newline trimmed; an encoding error yields "".</summary>
    public static string Json(object? value)
    {
        try
        {
            return GoJson.Serialize(value, escapeHtml: false).Trim(' ', '\t', '\n', '\r', '\v', '\f');
        }
        catch (GoJsonException)
        {
            return string.Empty;
        }
    }

    /// <summary>podman's <c>pad</c>: <paramref name="prefix"/> spaces before and <paramref name="suffix"/> after a non-empty string.</summary>
    public static string Pad(string source, int prefix, int suffix)
    {
        if (source.Length == 0)
        {
            return source;
        }
        if (prefix < 0 || suffix < 0)
        {
            throw new TemplateFunctionException("strings: negative Repeat count");
        }
        return new string(' ', prefix) + source + new string(' ', suffix);
    }

    /// <summary>podman's <c>truncate</c>: the first <paramref name="length"/> bytes (UTF-8) unless the string is shorter.</summary>
    public static string Truncate(string source, int length)
    {
        int byteLength = GoStrconv.Utf8Length(source);
        if (byteLength < length)
        {
            return source;
        }
        if (length < 0)
        {
            throw new TemplateFunctionException($"runtime error: slice bounds out of range [:{length}]");
        }
        if (byteLength == source.Length)
        {
            return source[..length];
        }
        byte[] bytes = Encoding.UTF8.GetBytes(source);
        return Encoding.UTF8.GetString(bytes, 0, length);
    }

    /// <summary>Go's <c>strings.Split</c>: an empty separator splits into characters.</summary>
    public static string[] Split(string s, string sep)
    {
        if (sep.Length == 0)
        {
            var runes = new List<string>(s.Length);
            foreach (var rune in s.EnumerateRunes())
            {
                runes.Add(rune.ToString());
            }
            return runes.ToArray();
        }
        return s.Split(sep);
    }

    /// <summary>Go's (deprecated) <c>strings.Title</c>: upper-cases the first letter of each word.</summary>
    public static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        int prev = ' ';
        foreach (var rune in s.EnumerateRunes())
        {
            if (IsSeparator(prev))
            {
                sb.Append(Rune.ToUpperInvariant(rune).ToString());
            }
            else
            {
                sb.Append(rune.ToString());
            }
            prev = rune.Value;
        }
        return sb.ToString();
    }

    private static bool IsSeparator(int r)
    {
        if (r <= 0x7F)
        {
            return !(r is >= '0' and <= '9' or >= 'a' and <= 'z' or >= 'A' and <= 'Z' or '_');
        }
        var rune = new Rune(r);
        if (Rune.IsLetter(rune) || Rune.IsDigit(rune))
        {
            return false;
        }
        return Rune.IsWhiteSpace(rune) && CharUnicodeInfo.GetUnicodeCategory(r) != UnicodeCategory.Format;
    }
}
