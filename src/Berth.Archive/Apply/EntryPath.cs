using System.Text;

namespace Berth.Archive;

/// <summary>Turns names from a tar into paths relative to the layer root, refusing those that would leave it.</summary>
internal static class EntryPath
{
    /// <summary>
    /// Cleans <paramref name="name"/> like Go's filepath.Clean, then makes it relative to the layer root: an absolute name
    /// is taken from the root (containers/storage joins it onto the target), and <c>..</c> above an absolute name's root
    /// stays at the root. Returns null when a relative name climbs above the root (<c>../x</c>, <c>a/../../x</c>).
    /// "" is the root itself. A name holding a NUL character is refused too.
    /// </summary>
    public static string? Clean(string name) => Clean("", name);

    /// <summary>
    /// <paramref name="name"/> resolved against the directory <paramref name="baseDirectory"/> (relative to the root),
    /// cleaned; null when it climbs above the root. Absolute names ignore the base.
    /// </summary>
    public static string? Clean(string baseDirectory, string name)
    {
        if (name.Contains('\0', StringComparison.Ordinal))
        {
            // C strings end at NUL: "x/..\0" would reach the kernel as "x/..". Never let such a name through.
            return null;
        }

        var rooted = name.StartsWith('/');
        var parts = new List<string>(8);
        if (!rooted && baseDirectory.Length > 0)
        {
            AddParts(parts, baseDirectory, rooted: true);
        }

        if (!AddParts(parts, name, rooted))
        {
            return null;
        }

        return parts.Count switch
        {
            0 => "",
            1 => parts[0],
            _ => string.Join('/', parts),
        };
    }

    /// <summary>The directory part of a cleaned relative path ("" for a top-level name).</summary>
    public static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    /// <summary>The last component of a cleaned relative path.</summary>
    public static string Leaf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? path : path[(slash + 1)..];
    }

    public static string Join(string directory, string name) => directory.Length == 0 ? name : directory + "/" + name;

    private static bool AddParts(List<string> parts, string path, bool rooted)
    {
        foreach (var range in path.AsSpan().Split('/'))
        {
            var part = path.AsSpan()[range];
            if (part.IsEmpty || part is ".")
            {
                continue;
            }

            if (part is "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (!rooted)
                {
                    return false;
                }

                continue;
            }

            parts.Add(part.ToString());
        }

        return true;
    }

    /// <summary>Shows a name in an error message: quoted, control characters escaped.</summary>
    public static string Quote(string name)
    {
        var b = new StringBuilder(name.Length + 2).Append('"');
        foreach (var c in name)
        {
            if (c < ' ' || c == 127)
            {
                b.Append($"\\x{(int)c:x2}");
            }
            else if (c is '"' or '\\')
            {
                b.Append('\\').Append(c);
            }
            else
            {
                b.Append(c);
            }
        }

        return b.Append('"').ToString();
    }
}
