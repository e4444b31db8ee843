namespace Berth.Config.Toml;

/// <summary>
/// Binds the keys of one TOML table onto an immutable record, one key at a time, so that a later file only
/// replaces the keys it sets. Keys are declared once with their type; unknown keys become warnings, like
/// containers-common's "Failed to decode the keys" debug message.
/// </summary>
/// <typeparam name="T">The record that holds the table's values.</typeparam>
internal sealed class SectionBinder<T>(string section)
    where T : class
{
    private delegate T Binding(T current, TomlNode node, BindContext ctx, string key);

    private readonly Dictionary<string, Binding> _bindings = new(StringComparer.Ordinal);

    /// <summary>The dotted name of the table, e.g. <c>containers</c> or <c>engine</c>.</summary>
    public string Section { get; } = section;

    public SectionBinder<T> String(string key, Func<T, string, T> set) =>
        Add(key, (t, n, c, k) => set(t, TomlValues.String(c, k, n)));

    public SectionBinder<T> Bool(string key, Func<T, bool, T> set) =>
        Add(key, (t, n, c, k) => set(t, TomlValues.Bool(c, k, n)));

    public SectionBinder<T> Integer(string key, Func<T, long, T> set, long min = long.MinValue, long max = long.MaxValue) =>
        Add(key, (t, n, c, k) => set(t, TomlValues.Integer(c, k, n, min, max)));

    public SectionBinder<T> UInt32(string key, Func<T, uint, T> set) =>
        Add(key, (t, n, c, k) => set(t, TomlValues.UInt32(c, k, n)));

    /// <summary>A plain string array: a later file replaces it.</summary>
    public SectionBinder<T> Strings(string key, Func<T, IReadOnlyList<string>, T> set) =>
        Add(key, (t, n, c, k) => set(t, TomlValues.StringArray(c, k, n)));

    /// <summary>A string array with containers-common's <c>{append=true}</c> attribute support.</summary>
    public SectionBinder<T> AttributedStrings(string key, Func<T, IReadOnlyList<string>> get, Func<T, IReadOnlyList<string>, T> set) =>
        Add(key, (t, n, c, k) =>
        {
            var (values, append) = TomlValues.AttributedStringArray(c, k, n);
            return set(t, c.UpdateAppend(k, append) ? [.. get(t), .. values] : values);
        });

    /// <summary>A table of string arrays merged name by name (a later file replaces only the names it sets).</summary>
    public SectionBinder<T> StringArrayMap(string key, Func<T, IReadOnlyDictionary<string, IReadOnlyList<string>>> get, Func<T, IReadOnlyDictionary<string, IReadOnlyList<string>>, T> set) =>
        Add(key, (t, n, c, k) =>
        {
            var merged = new Dictionary<string, IReadOnlyList<string>>(get(t), StringComparer.Ordinal);
            foreach (var (name, value) in TomlValues.Table(c, k, n).Entries)
            {
                merged[name] = TomlValues.StringArray(c, $"{k}.{name}", value);
                c.MarkSet($"{k}.{name}", value);
            }

            return set(t, merged);
        });

    /// <summary>A table of strings merged name by name.</summary>
    public SectionBinder<T> StringMap(string key, Func<T, IReadOnlyDictionary<string, string>> get, Func<T, IReadOnlyDictionary<string, string>, T> set) =>
        Add(key, (t, n, c, k) =>
        {
            var merged = new Dictionary<string, string>(get(t), StringComparer.Ordinal);
            foreach (var (name, value) in TomlValues.Table(c, k, n).Entries)
            {
                merged[name] = TomlValues.String(c, $"{k}.{name}", value);
                c.MarkSet($"{k}.{name}", value);
            }

            return set(t, merged);
        });

    /// <summary>A key with its own conversion.</summary>
    public SectionBinder<T> Custom(string key, Func<T, TomlNode, BindContext, string, T> bind) =>
        Add(key, (t, n, c, k) => bind(t, n, c, k));

    /// <summary>A key upstream knows but Berth does not model: accepted silently, value not kept.</summary>
    public SectionBinder<T> Tolerated(params string[] keys)
    {
        foreach (var key in keys)
        {
            Add(key, (t, _, _, _) => t);
        }

        return this;
    }

    /// <summary>Applies the keys of <paramref name="table"/> to <paramref name="current"/>.</summary>
    public T Bind(T current, TomlTableNode table, BindContext ctx)
    {
        foreach (var (key, node) in table.Entries)
        {
            var dotted = $"{Section}.{key}";
            if (!_bindings.TryGetValue(key, out var binding))
            {
                ctx.Warn(node, $"unknown key '{key}' in [{Section}] ignored");
                continue;
            }

            current = binding(current, node, ctx, dotted);
            ctx.MarkSet(dotted, node);
        }

        return current;
    }

    private SectionBinder<T> Add(string key, Binding binding)
    {
        _bindings.Add(key, binding);
        return this;
    }
}
