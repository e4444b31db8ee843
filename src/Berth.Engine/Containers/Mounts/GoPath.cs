using System.Text;

namespace Berth.Engine.Containers.Mounts;

/// <summary>Go's <c>path.Clean</c> (lexical: one slash between names, no "." names, ".." resolved, no trailing slash).</summary>
public static class GoPath
{
    public static string Clean(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        var rooted = path[0] == '/';
        var names = new List<string>();
        foreach (var name in path.Split('/'))
        {
            if (name.Length == 0 || name == ".")
            {
                continue;
            }

            if (name == "..")
            {
                if (names.Count > 0 && names[^1] != "..")
                {
                    names.RemoveAt(names.Count - 1);
                }
                else if (!rooted)
                {
                    names.Add(name);
                }

                continue;
            }

            names.Add(name);
        }

        var joined = new StringBuilder(path.Length);
        if (rooted)
        {
            joined.Append('/');
        }

        joined.AppendJoin('/', names);
        return joined.Length == 0 ? "." : joined.ToString();
    }

    /// <summary>Go's <c>path.IsAbs</c>.</summary>
    public static bool IsAbs(string path) => path.StartsWith('/');
}

/// <summary>Go's <c>%q</c> of a string, for podman's messages.</summary>
internal static class GoQuote
{
    public static string Of(string s)
    {
        var b = new StringBuilder(s.Length + 2).Append('"');
        foreach (var rune in s.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                case < 0x20 or 0x7f: b.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}"); break;
                default: b.Append(rune.ToString()); break;
            }
        }

        return b.Append('"').ToString();
    }
}
