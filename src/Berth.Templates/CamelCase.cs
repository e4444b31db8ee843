using System.Globalization;
using System.Text;

namespace Berth.Templates;

/// <summary>Splits Go identifiers into words the way podman's table headers do
/// (containers/common <c>report/camelcase</c>): <c>CreatedAt</c> → Created, At; <c>PDFLoader</c> → PDF, Loader.</summary>
public static class CamelCase
{
    private enum CharClass
    {
        None,
        Lower,
        Upper,
        Digit,
        Other,
    }

    private static CharClass ClassOf(Rune r)
    {
        if (Rune.IsLower(r))
        {
            return CharClass.Lower;
        }
        if (Rune.IsUpper(r))
        {
            return CharClass.Upper;
        }
        return Rune.GetUnicodeCategory(r) == UnicodeCategory.DecimalDigitNumber ? CharClass.Digit : CharClass.Other;
    }

    /// <summary>The words of <paramref name="src"/>; runs of the same character class are words, and an upper-case
    /// run followed by lower case gives its last letter to the next word.</summary>
    public static IReadOnlyList<string> Split(string src)
    {
        var runs = new List<List<Rune>>();
        var lastClass = CharClass.None;
        foreach (var r in src.EnumerateRunes())
        {
            var cls = ClassOf(r);
            if (cls == lastClass && runs.Count > 0)
            {
                runs[^1].Add(r);
            }
            else
            {
                runs.Add([r]);
            }
            lastClass = cls;
        }
        for (int i = 0; i < runs.Count - 1; i++)
        {
            if (Rune.IsUpper(runs[i][0]) && Rune.IsLower(runs[i + 1][0]))
            {
                var last = runs[i][^1];
                runs[i].RemoveAt(runs[i].Count - 1);
                runs[i + 1].Insert(0, last);
            }
        }
        var words = new List<string>(runs.Count);
        foreach (var run in runs)
        {
            if (run.Count > 0)
            {
                var sb = new StringBuilder();
                foreach (var r in run)
                {
                    sb.Append(r.ToString());
                }
                words.Add(sb.ToString());
            }
        }
        return words;
    }

    /// <summary>podman's default column header for a field: its words joined by spaces, upper-cased (<c>CreatedAt</c> → <c>CREATED AT</c>).</summary>
    public static string ToHeader(string fieldName) => string.Join(' ', Split(fieldName)).ToUpperInvariant();
}
