using System.Globalization;

namespace Berth.Cli.CommandLine;

/// <summary>The flag values of one command line, by long name, with the defaults of their specs.</summary>
public sealed class ParsedOptions
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OptionSpec> _specs = new(StringComparer.Ordinal);

    internal void Declare(OptionSpec spec) => _specs.TryAdd(spec.Name, spec);

    internal void Set(OptionSpec spec, string value)
    {
        _specs[spec.Name] = spec;
        if (!_values.TryGetValue(spec.Name, out var list))
        {
            list = [];
            _values[spec.Name] = list;
        }

        if (spec.Kind is OptionKind.Bool or OptionKind.String or OptionKind.Int or OptionKind.UInt)
        {
            list.Clear();
        }

        if (spec.Kind == OptionKind.StringSlice)
        {
            list.AddRange(SplitCsv(value));
        }
        else
        {
            list.Add(value);
        }
    }

    /// <summary>True when the command defines the flag (actions shared by personalities whose flag sets differ).</summary>
    public bool Has(string name) => _specs.ContainsKey(name);

    /// <summary>True when the user gave the flag (cobra's <c>Changed</c>).</summary>
    public bool Changed(string name) => _values.ContainsKey(name);

    public bool GetBool(string name) =>
        _values.TryGetValue(name, out var v) ? v[^1] == "true" : Spec(name).Default == "true";

    public string? GetString(string name) =>
        _values.TryGetValue(name, out var v) ? v[^1] : Spec(name).Default;

    public long GetInt(string name)
    {
        var text = GetString(name);
        return text is null ? 0 : long.Parse(text, CultureInfo.InvariantCulture);
    }

    public IReadOnlyList<string> GetStrings(string name) =>
        _values.TryGetValue(name, out var v) ? v : [];

    private OptionSpec Spec(string name) =>
        _specs.TryGetValue(name, out var s) ? s : throw new InvalidOperationException($"option --{name} is not defined for this command");

    /// <summary>pflag's string-slice values are CSV: commas separate, double quotes protect.</summary>
    internal static IEnumerable<string> SplitCsv(string value)
    {
        if (value.Length == 0)
        {
            yield break;
        }

        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '"')
            {
                if (quoted && i + 1 < value.Length && value[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (c == ',' && !quoted)
            {
                yield return current.ToString();
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        yield return current.ToString();
    }
}
