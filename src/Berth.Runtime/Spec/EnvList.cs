namespace Berth.Runtime.Spec;

/// <summary>An ordered KEY=value list where setting a key again replaces its value in place.</summary>
internal sealed class EnvList
{
    private readonly List<string> _keys = [];
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public bool Contains(string key) => _values.ContainsKey(key);

    public void Set(string entry)
    {
        var eq = entry.IndexOf('=', StringComparison.Ordinal);
        var key = eq < 0 ? entry : entry[..eq];
        if (key.Length == 0)
        {
            return;
        }
        if (!_values.ContainsKey(key))
        {
            _keys.Add(key);
        }
        _values[key] = eq < 0 ? "" : entry[(eq + 1)..];
    }

    public void SetAll(IEnumerable<string> entries)
    {
        foreach (var entry in entries)
        {
            Set(entry);
        }
    }

    public List<string> ToList() => _keys.Select(k => k + "=" + _values[k]).ToList();
}
