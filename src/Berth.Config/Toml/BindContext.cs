namespace Berth.Config.Toml;

/// <summary>Where a configuration key got its current value.</summary>
/// <param name="File">The file that set the key last.</param>
/// <param name="Line">1-based line of the value.</param>
/// <param name="Column">1-based column of the value.</param>
public sealed record ConfigOrigin(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>
/// State of one load across all the files it merges: which keys were set explicitly and by which file, the
/// warnings for keys nobody knows, and the string arrays whose <c>{append=true}</c> attribute is in force.
/// </summary>
internal sealed class BindContext
{
    private readonly Dictionary<string, ConfigOrigin> _origins = new(StringComparer.Ordinal);
    private readonly HashSet<string> _appending = new(StringComparer.Ordinal);
    private readonly List<string> _warnings = [];

    /// <summary>The file being bound now.</summary>
    public string File { get; set; } = "";

    public IReadOnlyDictionary<string, ConfigOrigin> Origins => _origins;

    public IReadOnlyList<string> Warnings => _warnings;

    public void MarkSet(string key, TomlNode node) =>
        _origins[key] = new ConfigOrigin(File, node.Position.Line, node.Position.Column);

    public void Warn(TomlNode node, string message) => _warnings.Add($"{File}:{node.Position}: {message}");

    public void Warn(string message) => _warnings.Add(message);

    /// <summary>
    /// Whether the array at <paramref name="key"/> appends. containers-common keeps the attribute on the array
    /// object across files, so once a file said <c>{append=true}</c> later files append too until one says
    /// <c>{append=false}</c>; this reproduces that.
    /// </summary>
    public bool UpdateAppend(string key, bool? attribute)
    {
        if (attribute is true)
        {
            _appending.Add(key);
        }
        else if (attribute is false)
        {
            _appending.Remove(key);
        }

        return _appending.Contains(key);
    }

    public BerthException TypeError(string key, TomlNode node, string expected) =>
        ConfigErrors.Invalid(File, node.Position, $"invalid value for {DisplayKey(key)}: expected {expected}, found {node.Description} (fix the value or remove the key)");

    public BerthException ValueError(string key, TomlNode node, string problem) =>
        ConfigErrors.Invalid(File, node.Position, $"invalid value for {DisplayKey(key)}: {problem}");

    /// <summary><c>containers.pids_limit</c> reads as <c>pids_limit in [containers]</c>.</summary>
    public static string DisplayKey(string dottedKey)
    {
        var dot = dottedKey.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? $"'{dottedKey}'" : $"'{dottedKey[(dot + 1)..]}' in [{dottedKey[..dot]}]";
    }
}
