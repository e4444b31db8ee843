using Berth.Build.Containerfile;

namespace Berth.Build.Execution;

/// <summary>
/// The variables a step sees, with Docker's scoping: ARGs before the first FROM are global (for FROM lines, and as
/// defaults of a stage ARG of the same name); a stage sees only the ARGs it declares, valued from <c>--build-arg</c>,
/// else their default; ENV values of the image config win over ARGs of the same name.
/// </summary>
public sealed class StageVariables
{
    private readonly IReadOnlyDictionary<string, string> buildArgs;
    private readonly IReadOnlyDictionary<string, string> globals;
    private readonly List<KeyValuePair<string, string>> declared = [];

    public StageVariables(IReadOnlyDictionary<string, string> buildArgs, IReadOnlyDictionary<string, string> globals)
    {
        this.buildArgs = buildArgs;
        this.globals = globals;
    }

    /// <summary>The ARGs declared so far in this stage with their values, in declaration order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Declared => declared;

    /// <summary>Declares <c>ARG name[=default]</c>; the default is expanded against what is visible now.</summary>
    public void Declare(KeyValueWord arg, IReadOnlyList<string> env, char escape)
    {
        string value;
        if (buildArgs.TryGetValue(arg.Key, out var given))
        {
            value = given;
        }
        else if (arg.Value is { } def)
        {
            value = WordExpander.ExpandWord(def, name => Lookup(name, env), escape);
        }
        else if (globals.TryGetValue(arg.Key, out var global))
        {
            value = global;
        }
        else
        {
            declared.RemoveAll(d => d.Key == arg.Key);
            declared.Add(new(arg.Key, ""));
            unset.Add(arg.Key);
            return;
        }

        unset.Remove(arg.Key);
        declared.RemoveAll(d => d.Key == arg.Key);
        declared.Add(new(arg.Key, value));
    }

    private readonly HashSet<string> unset = new(StringComparer.Ordinal);

    /// <summary>ENV first, then declared ARGs; null when neither has it (an ARG without any value counts as unset).</summary>
    public string? Lookup(string name, IReadOnlyList<string> env)
    {
        for (var i = env.Count - 1; i >= 0; i--)
        {
            var e = env[i];
            if (e.Length > name.Length && e[name.Length] == '=' && e.StartsWith(name, StringComparison.Ordinal))
            {
                return e[(name.Length + 1)..];
            }
        }

        foreach (var (key, value) in declared)
        {
            if (key == name)
            {
                return unset.Contains(name) ? null : value;
            }
        }

        return null;
    }

    /// <summary>The declared ARGs with values as RUN's extra environment ("K=v"), minus those ENV sets.</summary>
    public IReadOnlyList<string> RunEnvironment(IReadOnlyList<string> env) => declared
        .Where(d => !unset.Contains(d.Key) && !env.Any(e => e.StartsWith(d.Key + "=", StringComparison.Ordinal)))
        .Select(d => $"{d.Key}={d.Value}")
        .ToList();
}
