using System.Collections;

namespace Berth.Templates;

/// <summary>Go map behaviour over .NET dictionaries: lookup by string key, Go's key order, zero values.</summary>
internal static class GoMaps
{
    public static bool IsMap(object? value) =>
        value is IDictionary or IReadOnlyDictionary<string, string> or IReadOnlyDictionary<string, object?>
        || (value is GoTypedNil n && n.IsMap);

    public static int Count(object map) => map switch
    {
        IDictionary d => d.Count,
        IReadOnlyDictionary<string, string> s => s.Count,
        IReadOnlyDictionary<string, object?> o => o.Count,
        _ => 0,
    };

    /// <summary>Looks up a string key; false when the key is absent (or the map is nil).</summary>
    public static bool TryLookup(object map, string key, out object? value)
    {
        switch (map)
        {
            case IReadOnlyDictionary<string, string> s:
                if (s.TryGetValue(key, out var str))
                {
                    value = str;
                    return true;
                }
                break;
            case IReadOnlyDictionary<string, object?> o:
                return o.TryGetValue(key, out value);
            case IDictionary d:
                if (d.Contains(key))
                {
                    value = d[key];
                    return true;
                }
                break;
        }
        value = null;
        return false;
    }

    /// <summary>Looks up an arbitrary key (for <c>index</c>), comparing as Go would for basic key types.</summary>
    public static bool TryLookupAny(object map, object key, out object? value)
    {
        if (key is string s)
        {
            return TryLookup(map, s, out value);
        }
        if (map is IDictionary d)
        {
            foreach (DictionaryEntry entry in d)
            {
                if (KeysEqual(entry.Key, key))
                {
                    value = entry.Value;
                    return true;
                }
            }
        }
        value = null;
        return false;
    }

    private static bool KeysEqual(object a, object b)
    {
        if (GoValues.IsIntegerLike(a) && GoValues.IsIntegerLike(b))
        {
            return GoValues.ToInt64(a) == GoValues.ToInt64(b);
        }
        return Equals(a, b);
    }

    /// <summary>The map's entries in Go's order (<c>internal/fmtsort</c>): strings bytewise, numbers numerically, false before true.</summary>
    public static List<KeyValuePair<object, object?>> SortedEntries(object map)
    {
        var entries = new List<KeyValuePair<object, object?>>(Count(map));
        switch (map)
        {
            case IReadOnlyDictionary<string, string> s:
                foreach (var kv in s)
                {
                    entries.Add(new KeyValuePair<object, object?>(kv.Key, kv.Value));
                }
                break;
            case IReadOnlyDictionary<string, object?> o:
                foreach (var kv in o)
                {
                    entries.Add(new KeyValuePair<object, object?>(kv.Key, kv.Value));
                }
                break;
            case IDictionary d:
                foreach (DictionaryEntry entry in d)
                {
                    entries.Add(new KeyValuePair<object, object?>(entry.Key, entry.Value));
                }
                break;
        }
        entries.Sort(static (a, b) => CompareKeys(a.Key, b.Key));
        return entries;
    }

    public static int CompareKeys(object a, object b)
    {
        switch (a)
        {
            case string sa when b is string sb:
                return CompareUtf8(sa, sb);
            case bool ba when b is bool bb:
                return ba.CompareTo(bb);
            case double or float when b is double or float:
                return GoValues.ToDouble(a).CompareTo(GoValues.ToDouble(b));
        }
        if (GoValues.KindOf(a) == GoKind.Uint && GoValues.KindOf(b) == GoKind.Uint)
        {
            return GoValues.ToUInt64(a).CompareTo(GoValues.ToUInt64(b));
        }
        if (GoValues.IsIntegerLike(a) && GoValues.IsIntegerLike(b))
        {
            return GoValues.ToInt64(a).CompareTo(GoValues.ToInt64(b));
        }
        return string.CompareOrdinal(a.ToString(), b.ToString());
    }

    /// <summary>Go compares strings by their UTF-8 bytes; UTF-16 ordinal order differs only for surrogates vs U+E000..U+FFFF.</summary>
    public static int CompareUtf8(string a, string b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            char ca = a[i];
            char cb = b[i];
            if (ca == cb)
            {
                continue;
            }
            bool sa = char.IsSurrogate(ca);
            bool sb = char.IsSurrogate(cb);
            if (sa != sb && ca >= 0xD800 && cb >= 0xD800)
            {
                return sa ? 1 : -1;
            }
            return ca < cb ? -1 : 1;
        }
        return a.Length.CompareTo(b.Length);
    }

    /// <summary>The zero value of the map's element type (what <c>index</c> returns for a missing key).</summary>
    public static object? ZeroElement(object map) => map switch
    {
        IReadOnlyDictionary<string, string> or IDictionary<string, string> => string.Empty,
        IDictionary<string, int> or IReadOnlyDictionary<string, int> => 0,
        IDictionary<string, long> or IReadOnlyDictionary<string, long> => 0L,
        IDictionary<string, bool> or IReadOnlyDictionary<string, bool> => false,
        IDictionary<string, double> or IReadOnlyDictionary<string, double> => 0.0,
        GoTypedNil n when n.GoTypeName.EndsWith("]string", StringComparison.Ordinal) => string.Empty,
        _ => null,
    };

    public static string TypeName(object map)
    {
        switch (map)
        {
            case IGoTyped typed:
                return typed.GoTypeName;
            case IReadOnlyDictionary<string, string> or IDictionary<string, string>:
                return "map[string]string";
            case IDictionary<string, int> or IReadOnlyDictionary<string, int>:
                return "map[string]int";
            case IDictionary<string, long> or IReadOnlyDictionary<string, long>:
                return "map[string]int64";
            case IDictionary<string, bool> or IReadOnlyDictionary<string, bool>:
                return "map[string]bool";
            case IDictionary<string, object?> or IReadOnlyDictionary<string, object?>:
                return "map[string]" + GoValues.InterfaceTypeName;
        }
        if (map is IDictionary d)
        {
            foreach (DictionaryEntry entry in d)
            {
                return "map[" + GoValues.TypeName(entry.Key) + "]" + GoValues.TypeName(entry.Value);
            }
        }
        return "map[string]" + GoValues.InterfaceTypeName;
    }
}
