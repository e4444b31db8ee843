using System.Globalization;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Berth.Config.Toml;

/// <summary>
/// Parses a TOML file with Tomlyn's syntax parser (TOML syntax and semantic validation: duplicate keys, tables
/// defined twice, …) and turns the syntax tree into <see cref="TomlTableNode"/>s that remember positions.
/// No reflection: only the syntax tree API is used.
/// </summary>
internal static class TomlDocumentReader
{
    /// <summary>Parses <paramref name="text"/>; a syntax error becomes a <see cref="BerthException"/> naming the file, line and column.</summary>
    public static TomlTableNode Parse(string path, string text) => Parse(path, text, blankCommentLines: true);

    internal static TomlTableNode Parse(string path, string text, bool blankCommentLines)
    {
        var document = SyntaxParser.Parse(blankCommentLines ? BlankCommentLines(text) : text, path, validate: true);
        if (document.HasErrors)
        {
            throw SyntaxError(path, document.Diagnostics);
        }

        var root = new TomlTableNode(new SourcePosition(1, 1));
        foreach (var keyValue in document.KeyValues)
        {
            Insert(path, root, keyValue);
        }

        foreach (var table in document.Tables)
        {
            var target = OpenTable(path, root, table);
            foreach (var keyValue in table.Items)
            {
                Insert(path, target, keyValue);
            }
        }

        return root;
    }

    /// <summary>
    /// <paramref name="text"/> with each line that holds only a comment left empty (its line break kept, so positions
    /// stay right). The shipped containers.conf is mostly comments, and Tomlyn builds trivia for every one; an empty
    /// line costs it nothing. Only where no multi-line string exists (a line there may start with <c>#</c>), and only
    /// comments without control characters (TOML forbids them; Tomlyn reports them).
    /// </summary>
    internal static string BlankCommentLines(string text)
    {
        if (text.Contains("\"\"\"", StringComparison.Ordinal) || text.Contains("'''", StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length);
        var rest = text.AsSpan();
        while (rest.Length > 0)
        {
            var end = rest.IndexOf('\n');
            var line = end < 0 ? rest : rest[..end];
            var body = line.TrimStart(" \t");
            if (body.Length > 0 && body[0] == '#' && IsPlainComment(body.TrimEnd('\r')))
            {
                builder.Append(line.EndsWith('\r') ? "\r" : "");
            }
            else
            {
                builder.Append(line);
            }

            if (end < 0)
            {
                break;
            }

            builder.Append('\n');
            rest = rest[(end + 1)..];
        }

        return builder.ToString();
    }

    private static bool IsPlainComment(ReadOnlySpan<char> comment)
    {
        foreach (var ch in comment)
        {
            if ((ch < ' ' && ch != '\t') || ch == '\u007f')
            {
                return false;
            }
        }

        return true;
    }

    private static BerthException SyntaxError(string path, DiagnosticsBag diagnostics)
    {
        var errors = diagnostics.Where(d => d.Kind == DiagnosticMessageKind.Error).ToList();
        var first = errors[0];
        var more = errors.Count > 1
            ? string.Create(CultureInfo.InvariantCulture, $" (and {errors.Count - 1} more error{(errors.Count > 2 ? "s" : "")})")
            : "";
        return ConfigErrors.Invalid(path, ToPosition(first.Span), $"invalid TOML: {LowerFirst(first.Message)}{more} (fix or remove the file)");
    }

    private static TomlTableNode OpenTable(string path, TomlTableNode root, TableSyntaxBase table)
    {
        var position = ToPosition(table.Span);
        var segments = KeySegments(table.Name);
        var current = root;
        for (var i = 0; i < segments.Count - 1; i++)
        {
            current = Descend(path, current, segments[i], position);
        }

        var last = segments[^1];
        var existing = current[last];
        if (table is TableArraySyntax)
        {
            if (existing is null)
            {
                existing = new TomlTableArrayNode(position);
                current.Entries[last] = existing;
            }

            if (existing is not TomlTableArrayNode array)
            {
                throw Conflict(path, position, segments);
            }

            var element = new TomlTableNode(position);
            array.Tables.Add(element);
            return element;
        }

        if (existing is null)
        {
            var created = new TomlTableNode(position);
            current.Entries[last] = created;
            return created;
        }

        return existing as TomlTableNode ?? throw Conflict(path, position, segments);
    }

    private static void Insert(string path, TomlTableNode table, KeyValueSyntax keyValue)
    {
        var position = ToPosition(keyValue.Span);
        var segments = KeySegments(keyValue.Key);
        var current = table;
        for (var i = 0; i < segments.Count - 1; i++)
        {
            current = Descend(path, current, segments[i], position);
        }

        if (current.Entries.ContainsKey(segments[^1]))
        {
            throw Conflict(path, position, segments);
        }

        current.Entries[segments[^1]] = Convert(path, keyValue.Value, position);
    }

    private static TomlTableNode Descend(string path, TomlTableNode current, string segment, SourcePosition position)
    {
        switch (current[segment])
        {
            case null:
                var created = new TomlTableNode(position);
                current.Entries[segment] = created;
                return created;
            case TomlTableNode table:
                return table;
            case TomlTableArrayNode array when array.Tables.Count > 0:
                return array.Tables[^1];
            default:
                throw Conflict(path, position, [segment]);
        }
    }

    private static TomlNode Convert(string path, ValueSyntax? value, SourcePosition keyPosition)
    {
        var position = value is null ? keyPosition : ToPosition(value.Span);
        switch (value)
        {
            case StringValueSyntax s:
                return new TomlScalar(position, TomlScalarKind.String, s.Value ?? "");
            case IntegerValueSyntax i:
                return new TomlScalar(position, TomlScalarKind.Integer, i.Value);
            case FloatValueSyntax f:
                return new TomlScalar(position, TomlScalarKind.Float, f.Value);
            case BooleanValueSyntax b:
                return new TomlScalar(position, TomlScalarKind.Boolean, b.Value);
            case DateTimeValueSyntax d:
                return new TomlScalar(position, TomlScalarKind.DateTime, d.Value);
            case ArraySyntax array:
                var items = new List<TomlNode>();
                foreach (var item in array.Items)
                {
                    items.Add(Convert(path, item.Value, position));
                }

                return new TomlArrayNode(position, items);
            case InlineTableSyntax inline:
                var table = new TomlTableNode(position);
                foreach (var item in inline.Items)
                {
                    if (item.KeyValue is { } kv)
                    {
                        Insert(path, table, kv);
                    }
                }

                return table;
            default:
                throw ConfigErrors.Invalid(path, position, "invalid TOML: expected a value (fix or remove the file)");
        }
    }

    private static List<string> KeySegments(KeySyntax? key)
    {
        var segments = new List<string>();
        if (key is null)
        {
            return segments;
        }

        segments.Add(KeyText(key.Key));
        foreach (var dotted in key.DotKeys)
        {
            segments.Add(KeyText(dotted.Key));
        }

        return segments;
    }

    private static string KeyText(BareKeyOrStringValueSyntax? key) => key switch
    {
        BareKeySyntax bare => bare.Key?.Text ?? "",
        StringValueSyntax quoted => quoted.Value ?? "",
        null => "",
        _ => key.ToString().Trim(),
    };

    private static BerthException Conflict(string path, SourcePosition position, IReadOnlyList<string> segments) =>
        ConfigErrors.Invalid(path, position, $"invalid TOML: key '{string.Join('.', segments)}' is defined twice (fix or remove the file)");

    internal static SourcePosition ToPosition(SourceSpan span) =>
        new(Math.Max(span.Start.Line, 0) + 1, Math.Max(span.Start.Column, 0) + 1);

    private static string LowerFirst(string message) =>
        message.Length > 1 && char.IsUpper(message[0]) && !char.IsUpper(message[1])
            ? char.ToLowerInvariant(message[0]) + message[1..]
            : message;
}
