using System.Globalization;

namespace Berth.Config.Toml;

/// <summary>Typed reads from <see cref="TomlNode"/>s with the same strictness as Go's TOML decoder: no coercions.</summary>
internal static class TomlValues
{
    public static string String(BindContext ctx, string key, TomlNode node) =>
        node is TomlScalar { Kind: TomlScalarKind.String, Value: string s } ? s : throw ctx.TypeError(key, node, "a string");

    public static bool Bool(BindContext ctx, string key, TomlNode node) =>
        node is TomlScalar { Kind: TomlScalarKind.Boolean, Value: bool b } ? b : throw ctx.TypeError(key, node, "a boolean (true or false)");

    public static long Integer(BindContext ctx, string key, TomlNode node, long min = long.MinValue, long max = long.MaxValue)
    {
        if (node is not TomlScalar { Kind: TomlScalarKind.Integer, Value: long value })
        {
            throw ctx.TypeError(key, node, "an integer");
        }

        if (value < min || value > max)
        {
            throw ctx.ValueError(key, node, string.Create(CultureInfo.InvariantCulture, $"{value} is out of range ({min} to {max})"));
        }

        return value;
    }

    public static uint UInt32(BindContext ctx, string key, TomlNode node) => (uint)Integer(ctx, key, node, 0, uint.MaxValue);

    public static IReadOnlyList<string> StringArray(BindContext ctx, string key, TomlNode node)
    {
        if (node is not TomlArrayNode array)
        {
            throw ctx.TypeError(key, node, "an array of strings");
        }

        var result = new List<string>(array.Items.Count);
        foreach (var item in array.Items)
        {
            result.Add(item is TomlScalar { Kind: TomlScalarKind.String, Value: string s }
                ? s
                : throw ctx.TypeError(key, item, "an array of strings"));
        }

        return result;
    }

    /// <summary>
    /// A containers.conf string array that may end with an attribute table, e.g. <c>["a", {append=true}]</c>
    /// (containers-common's attributedstring.Slice). Returns the strings and the append attribute, if given.
    /// </summary>
    public static (IReadOnlyList<string> Values, bool? Append) AttributedStringArray(BindContext ctx, string key, TomlNode node)
    {
        if (node is not TomlArrayNode array)
        {
            throw ctx.TypeError(key, node, "an array of strings");
        }

        var values = new List<string>(array.Items.Count);
        bool? append = null;
        foreach (var item in array.Items)
        {
            switch (item)
            {
                case TomlScalar { Kind: TomlScalarKind.String, Value: string s }:
                    values.Add(s);
                    break;
                case TomlTableNode attributes:
                    foreach (var (name, value) in attributes.Entries)
                    {
                        if (name != "append")
                        {
                            throw ctx.ValueError(key, value, $"unsupported attribute '{name}' (only {{append=true}} or {{append=false}} is allowed)");
                        }

                        append = Bool(ctx, key, value);
                    }

                    break;
                default:
                    throw ctx.TypeError(key, item, "an array of strings");
            }
        }

        return (values, append);
    }

    public static TomlTableNode Table(BindContext ctx, string key, TomlNode node) =>
        node as TomlTableNode ?? throw ctx.TypeError(key, node, "a table");
}
