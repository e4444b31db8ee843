using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Berth.Cli.Commands.Trust;

/// <summary>go-yaml v2 scalar resolution, as sigs.k8s.io/yaml applies it before decoding registries.d files as JSON.</summary>
internal static partial class GoYamlScalar
{
    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex YamlFloat();

    /// <summary>
    /// go-yaml v2's resolution of a plain scalar (YAML 1.1: <c>~</c>/<c>null</c>, <c>yes</c>/<c>on</c>/<c>y</c> booleans,
    /// Go-syntax integers, floats) as the JSON kind and the text sigs.k8s.io/yaml gives a string field. Timestamps
    /// stay text.
    /// </summary>
    public static (string Kind, string Text) Resolve(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any) || !scalar.Tag.IsEmpty)
        {
            return ("string", value);
        }

        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return ("null", "");
            case "y" or "Y" or "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON":
                return ("bool", "true");
            case "n" or "N" or "no" or "No" or "NO" or "false" or "False" or "FALSE" or "off" or "Off" or "OFF":
                return ("bool", "false");
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                return ("number", "+Inf");
            case "-.inf" or "-.Inf" or "-.INF":
                return ("number", "-Inf");
            case ".nan" or ".NaN" or ".NAN":
                return ("number", "NaN");
        }

        var plain = value.Replace("_", "", StringComparison.Ordinal);
        if (GoInteger(plain) is { } integer)
        {
            return ("number", integer.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (YamlFloat().IsMatch(plain) && double.TryParse(plain, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return ("number", GoFloat32(number));
        }

        return ("string", value);
    }

    /// <summary>Go's <c>strconv.ParseInt(s, 0, 64)</c>, then <c>ParseUint</c>: sign, 0x/0o/0b/0 prefixes.</summary>
    private static System.Numerics.BigInteger? GoInteger(string s)
    {
        var negative = s.StartsWith('-');
        var body = s.StartsWith('-') || s.StartsWith('+') ? s[1..] : s;
        var (radix, digits) = body.Length > 1 && body[0] == '0'
            ? char.ToLowerInvariant(body[1]) switch { 'x' => (16, body[2..]), 'o' => (8, body[2..]), 'b' => (2, body[2..]), _ => (8, body[1..]) }
            : (10, body);
        if (digits.Length == 0 || body.Length == 0)
        {
            return body == "0" ? 0 : null;
        }

        System.Numerics.BigInteger result = 0;
        foreach (var c in digits)
        {
            var d = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
            if (d >= radix)
            {
                return null;
            }

            result = result * radix + d;
        }

        result = negative ? -result : result;
        return result >= long.MinValue && result <= ulong.MaxValue && !(s.StartsWith('+') && result > long.MaxValue) ? result : null;
    }

    /// <summary>Go's <c>strconv.FormatFloat(v, 'g', -1, 32)</c>.</summary>
    private static string GoFloat32(double value)
    {
        var f = (float)value;
        if (float.IsInfinity(f))
        {
            return f > 0 ? "+Inf" : "-Inf";
        }

        var roundTrip = Math.Abs(f).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var parts = roundTrip.Split('E');
        var mantissa = parts[0];
        var exponent = parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal);
        var dp = (point < 0 ? mantissa.Length : point) + exponent;
        var trimmed = digits.TrimStart('0');
        dp -= digits.Length - trimmed.Length;
        digits = trimmed.TrimEnd('0');
        var sign = f < 0 || (f == 0 && float.IsNegative(f)) ? "-" : "";
        if (digits.Length == 0)
        {
            return sign + "0";
        }

        var exp = dp - 1;
        if (exp < -4 || exp >= 6)
        {
            var e = digits.Length > 1 ? digits[..1] + "." + digits[1..] : digits;
            return $"{sign}{e}e{(exp < 0 ? '-' : '+')}{Math.Abs(exp):00}";
        }

        if (dp <= 0)
        {
            return sign + "0." + new string('0', -dp) + digits;
        }

        return dp >= digits.Length ? sign + digits + new string('0', dp - digits.Length) : sign + digits[..dp] + "." + digits[dp..];
    }
}
