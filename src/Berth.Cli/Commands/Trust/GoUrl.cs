using System.Text;
using System.Text.RegularExpressions;

namespace Berth.Cli.Commands.Trust;

/// <summary>
/// podman's <c>isValidImageURI</c>: Go's <c>url.Parse("http://" + arg)</c> must succeed, its host must match podman's
/// registry pattern and its fragment a lower-case path pattern. Returns the text after <c>invalid image uri: ARG: </c>.
/// </summary>
internal static partial class GoUrl
{
    [GeneratedRegex(@"^[a-zA-Z0-9_.-]+/?:?[0-9]*[a-z0-9/:-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex HostPattern();

    [GeneratedRegex(@"^[a-z0-9:./-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex FragmentPattern();

    public static string? ImageUriError(string argument)
    {
        var raw = "http://" + argument;
        var hash = raw.IndexOf('#', StringComparison.Ordinal);
        var (withoutFragment, fragment) = hash < 0 ? (raw, "") : (raw[..hash], raw[(hash + 1)..]);
        string host;
        if (Parse(withoutFragment, out host) is { } parseError)
        {
            return $"parse {Quote(withoutFragment)}: {parseError}";
        }

        if (fragment.Length > 0)
        {
            if (Unescape(fragment, hostMode: false, out fragment) is { } fragmentError)
            {
                return $"parse {Quote(raw)}: {fragmentError}";
            }
        }

        // podman wraps a nil error here, which Go prints as %!w(<nil>).
        return HostPattern().IsMatch(host) && FragmentPattern().IsMatch(fragment) ? null : "%!w(<nil>)";
    }

    /// <summary>Go's <c>url.parse</c> for an <c>http://</c> URL without fragment; returns the error text or null.</summary>
    private static string? Parse(string url, out string host)
    {
        host = "";
        if (url.Any(c => c < 0x20 || c == 0x7F))
        {
            return "net/url: invalid control character in URL";
        }

        var rest = url["http:".Length..];
        var question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            rest = rest[..question];
        }

        rest = rest[2..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var (authority, path) = slash < 0 ? (rest, "") : (rest[..slash], rest[slash..]);
        var at = authority.LastIndexOf('@');
        var hostPart = at < 0 ? authority : authority[(at + 1)..];
        if (ParseHost(hostPart, out host) is { } hostError)
        {
            return hostError;
        }

        if (at >= 0)
        {
            var userinfo = authority[..at];
            if (!userinfo.All(c => char.IsAsciiLetterOrDigit(c) || "-._:~!$&'()*+,;=%@".Contains(c, StringComparison.Ordinal)))
            {
                return "net/url: invalid userinfo";
            }

            foreach (var part in userinfo.Split(':', 2))
            {
                if (Unescape(part, hostMode: false, out _) is { } userError)
                {
                    return userError;
                }
            }
        }

        return Unescape(path, hostMode: false, out _);
    }

    private static string? ParseHost(string text, out string host)
    {
        host = "";
        string colonPort;
        if (text.StartsWith('['))
        {
            var close = text.LastIndexOf(']');
            if (close < 0)
            {
                return "missing ']' in host";
            }

            colonPort = text[(close + 1)..];
        }
        else
        {
            var colon = text.LastIndexOf(':');
            colonPort = colon < 0 ? "" : text[colon..];
        }

        if (colonPort.Length > 0 && (colonPort[0] != ':' || !colonPort[1..].All(char.IsAsciiDigit)))
        {
            return $"invalid port {Quote(colonPort)} after host";
        }

        return Unescape(text, hostMode: true, out host);
    }

    /// <summary>Go's <c>url.unescape</c> checks (host mode: only bytes of non-ASCII characters may be %-escaped, and
    /// only registry-name punctuation may appear) and decoding.</summary>
    private static string? Unescape(string s, bool hostMode, out string result)
    {
        result = "";
        var bytes = new List<byte>();
        var utf8 = Encoding.UTF8.GetBytes(s);
        for (var i = 0; i < utf8.Length;)
        {
            var c = utf8[i];
            if (c == '%')
            {
                if (i + 2 >= utf8.Length || !char.IsAsciiHexDigit((char)utf8[i + 1]) || !char.IsAsciiHexDigit((char)utf8[i + 2]))
                {
                    return $"invalid URL escape {Quote(Encoding.UTF8.GetString(utf8, i, Math.Min(3, utf8.Length - i)))}";
                }

                var escaped = Encoding.UTF8.GetString(utf8, i, 3);
                if (hostMode && Convert.ToInt32(escaped[1..2], 16) < 8 && escaped != "%25")
                {
                    return $"invalid URL escape {Quote(escaped)}";
                }

                bytes.Add(Convert.ToByte(escaped[1..], 16));
                i += 3;
                continue;
            }

            if (hostMode && c < 0x80 && !char.IsAsciiLetterOrDigit((char)c) && !"!$&'()*+,;=:[]<>\"-_.~".Contains((char)c, StringComparison.Ordinal))
            {
                return $"invalid character {Quote(((char)c).ToString())} in host name";
            }

            bytes.Add(c);
            i++;
        }

        result = Encoding.UTF8.GetString(bytes.ToArray());
        return null;
    }

    /// <summary>Go's <c>strconv.Quote</c> for the texts these errors show.</summary>
    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            _ = c switch
            {
                '"' => sb.Append("\\\""),
                '\\' => sb.Append("\\\\"),
                '\n' => sb.Append("\\n"),
                '\t' => sb.Append("\\t"),
                '\r' => sb.Append("\\r"),
                < ' ' or '\x7f' => sb.Append($"\\x{(int)c:x2}"),
                _ => sb.Append(c),
            };
        }

        return sb.Append('"').ToString();
    }
}
