using System.Text;

namespace Berth.Engine.Containers.Mounts;

/// <summary>
/// Go's encoding/csv reading of a <c>--mount</c> value (comma separated, "quoted" fields with "" for a quote, no lazy
/// quotes): the records, or podman's "parse error on line L, column C: …" message. Blank lines are skipped.
/// </summary>
public static class GoCsv
{
    public static List<List<string>> ReadAll(string input)
    {
        var records = new List<List<string>>();
        var line = 1;
        var i = 0;
        var text = input.Replace("\r\n", "\n", StringComparison.Ordinal);
        while (i < text.Length)
        {
            if (text[i] == '\n')
            {
                line++;
                i++;
                continue;
            }

            records.Add(ReadRecord(text, ref i, ref line));
        }

        return records;
    }

    private static List<string> ReadRecord(string text, ref int i, ref int line)
    {
        var fields = new List<string>();
        var lineStart = i;
        while (true)
        {
            var field = new StringBuilder();
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw Error(line, i - lineStart + 1, "extraneous or missing \" in quoted-field");
                    }

                    var c = text[i];
                    if (c == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        if (i < text.Length && text[i] != ',' && text[i] != '\n')
                        {
                            throw Error(line, i - lineStart, "extraneous or missing \" in quoted-field");
                        }

                        break;
                    }

                    if (c == '\n')
                    {
                        line++;
                        lineStart = i + 1;
                    }

                    field.Append(c);
                    i++;
                }
            }
            else
            {
                while (i < text.Length && text[i] != ',' && text[i] != '\n')
                {
                    if (text[i] == '"')
                    {
                        throw Error(line, i - lineStart + 1, "bare \" in non-quoted-field");
                    }

                    field.Append(text[i]);
                    i++;
                }
            }

            fields.Add(field.ToString());
            if (i < text.Length && text[i] == ',')
            {
                i++;
                continue;
            }

            if (i < text.Length)
            {
                i++; // the newline ending the record
                line++;
            }

            return fields;
        }
    }

    private static BerthException Error(int line, int column, string message) =>
        MountErrors.Invalid($"parse error on line {line}, column {column}: {message}");
}
