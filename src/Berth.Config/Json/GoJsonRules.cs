using System.Text;

namespace Berth.Config;

/// <summary>Go's <c>encoding/json</c> rules that show in podman's output: member-name matching and map-key order.</summary>
public static class GoJsonRules
{
    /// <summary>Go's byte order of UTF-8 strings (<c>sort.Strings</c>, sorted map keys in <c>json.Marshal</c>).</summary>
    public static IComparer<string> Utf8Order { get; } = Comparer<string>.Create(static (a, b) =>
        Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b)));

    /// <summary>
    /// Whether a JSON member name selects a Go struct field with the (ASCII) JSON name <paramref name="field"/>: equal
    /// ignoring ASCII case, where the Kelvin sign matches <c>k</c> and the long s matches <c>s</c> (Go's <c>foldName</c>).
    /// </summary>
    public static bool KeyMatchesField(string key, string field)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(field);
        if (key.Length != field.Length)
        {
            return false;
        }

        for (var i = 0; i < key.Length; i++)
        {
            var k = key[i] switch
            {
                '\u212A' => 'k',
                '\u017F' => 's',
                var c when c < 0x80 => char.ToLowerInvariant(c),
                _ => '\0',
            };
            if (k != char.ToLowerInvariant(field[i]))
            {
                return false;
            }
        }

        return true;
    }
}
