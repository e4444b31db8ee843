using System.Text;

namespace Berth.Templates;

/// <summary>A parsed Go <c>text/template</c>. Parse once, execute many times (safe to execute concurrently).</summary>
public sealed class GoTemplate
{
    private readonly Dictionary<string, Tree> _trees;
    private readonly IReadOnlyDictionary<string, TemplateFunction>? _functions;

    private GoTemplate(string name, Dictionary<string, Tree> trees, IReadOnlyDictionary<string, TemplateFunction>? functions)
    {
        Name = name;
        _trees = trees;
        _functions = functions;
    }

    /// <summary>The template's name, used in error messages (<c>template: NAME:1:2: …</c>).</summary>
    public string Name { get; }

    /// <summary>Names of the templates defined with <c>{{define}}</c> or <c>{{block}}</c>, plus this one.</summary>
    public IReadOnlyCollection<string> DefinedTemplates => _trees.Keys;

    /// <summary>Parses <paramref name="text"/>. Functions in <paramref name="extraFunctions"/> are callable in addition to
    /// Go's builtins (and take precedence over them, as in Go). Throws <see cref="TemplateException"/> with Go's message.</summary>
    public static GoTemplate Parse(string name, string text, IReadOnlyDictionary<string, TemplateFunction>? extraFunctions = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(text);
        if (extraFunctions is not null)
        {
            foreach (var key in extraFunctions.Keys)
            {
                if (!IsGoodName(key))
                {
                    throw new ArgumentException($"function name {GoStrconv.Quote(key)} is not a valid identifier", nameof(extraFunctions));
                }
            }
        }
        var trees = new Dictionary<string, Tree>(StringComparer.Ordinal);
        bool HasFunction(string fn) => (extraFunctions?.ContainsKey(fn) ?? false) || Builtins.Functions.ContainsKey(fn);
        Parser.Parse(name, text, HasFunction, trees);
        return new GoTemplate(name, trees, extraFunctions);
    }

    private static bool IsGoodName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }
        bool first = true;
        foreach (var rune in name.EnumerateRunes())
        {
            if (rune.Value == '_')
            {
                first = false;
                continue;
            }
            if (first && !Rune.IsLetter(rune))
            {
                return false;
            }
            if (!Rune.IsLetter(rune) && !Rune.IsDigit(rune))
            {
                return false;
            }
            first = false;
        }
        return true;
    }

    /// <summary>Applies the template to <paramref name="data"/>, writing as it goes (so output before an error is kept, as in Go).</summary>
    public void Execute(TextWriter output, object? data)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!_trees.TryGetValue(Name, out var tree))
        {
            throw new TemplateException($"template: {Name}: {GoStrconv.Quote(Name)} is an incomplete or empty template");
        }
        var scratch = Interlocked.Exchange(ref s_scratch, null) ?? new StringBuilder(64);
        try
        {
            new Executor(this, tree, output, scratch).Execute(data);
        }
        finally
        {
            if (scratch.Capacity <= 4096)
            {
                scratch.Clear();
                s_scratch = scratch;
            }
        }
    }

    [ThreadStatic]
    private static StringBuilder? s_scratch;

    /// <summary>Applies the template and returns the output.</summary>
    public string Execute(object? data)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Execute(writer, data);
        return writer.ToString();
    }

    internal bool TryGetTree(string name, out Tree tree) => _trees.TryGetValue(name, out tree!);

    internal bool TryGetFunction(string name, out TemplateFunction function, out bool isBuiltin)
    {
        if (_functions is not null && _functions.TryGetValue(name, out function!))
        {
            isBuiltin = false;
            return true;
        }
        isBuiltin = true;
        return Builtins.Functions.TryGetValue(name, out function!);
    }
}
