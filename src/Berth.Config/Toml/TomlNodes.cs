using System.Globalization;

namespace Berth.Config.Toml;

/// <summary>A 1-based line and column in a configuration file.</summary>
internal readonly record struct SourcePosition(int Line, int Column)
{
    public override string ToString() => Column > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Line}:{Column}")
        : Line.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// A TOML value with the place it was written. This is the whole semantic model the loaders bind from: built
/// from Tomlyn's syntax tree so that every value keeps its line and column for error messages.
/// </summary>
internal abstract class TomlNode(SourcePosition position)
{
    public SourcePosition Position { get; } = position;

    /// <summary>How the value reads in an error message: "a string", "an integer", "a table", …</summary>
    public abstract string Description { get; }
}

internal enum TomlScalarKind
{
    String,
    Integer,
    Float,
    Boolean,
    DateTime,
}

internal sealed class TomlScalar(SourcePosition position, TomlScalarKind kind, object value) : TomlNode(position)
{
    public TomlScalarKind Kind { get; } = kind;

    /// <summary>A <see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/> or Tomlyn date-time.</summary>
    public object Value { get; } = value;

    public override string Description => Kind switch
    {
        TomlScalarKind.String => "a string",
        TomlScalarKind.Integer => "an integer",
        TomlScalarKind.Float => "a float",
        TomlScalarKind.Boolean => "a boolean",
        _ => "a date-time",
    };
}

internal sealed class TomlArrayNode(SourcePosition position, IReadOnlyList<TomlNode> items) : TomlNode(position)
{
    public IReadOnlyList<TomlNode> Items { get; } = items;

    public override string Description => "an array";
}

internal sealed class TomlTableNode(SourcePosition position) : TomlNode(position)
{
    /// <summary>Entries in the order they appear in the file.</summary>
    public OrderedDictionary<string, TomlNode> Entries { get; } = new(StringComparer.Ordinal);

    public override string Description => "a table";

    public TomlNode? this[string key] => Entries.TryGetValue(key, out var node) ? node : null;
}

/// <summary>An array of tables: <c>[[name]]</c> sections.</summary>
internal sealed class TomlTableArrayNode(SourcePosition position) : TomlNode(position)
{
    public List<TomlTableNode> Tables { get; } = [];

    public override string Description => "an array of tables";
}
