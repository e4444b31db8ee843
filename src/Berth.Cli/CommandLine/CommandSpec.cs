namespace Berth.Cli.CommandLine;

/// <summary>What an action gets: the parsed line, the output streams, and the command it belongs to.</summary>
public delegate Task<int> CommandAction(Invocation invocation, CancellationToken cancellationToken);

/// <summary>
/// One command of a tool's tree (cobra's Command): its names, usage text, flags, argument rule and action.
/// Definitions hold options only; actions live in <c>Commands/</c> and call the engine.
/// </summary>
public sealed class CommandSpec
{
    private readonly List<Slot> _slots = [];

    public CommandSpec(string name, string summary)
    {
        Name = name;
        Summary = summary;
    }

    public string Name { get; }

    /// <summary>Other names the user may type (<c>ls</c>, <c>list</c>).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>One line, shown in the parent's command list and as the help title.</summary>
    public string Summary { get; }

    /// <summary>The paragraph under "Description:"; the summary when null.</summary>
    public string? Description { get; init; }

    /// <summary>What follows the command path in "Usage:", e.g. <c>[options] IMAGE [COMMAND [ARG...]]</c>.</summary>
    public string Usage { get; init; } = "[options]";

    public string? Example { get; init; }

    /// <summary>The example's lines after the first are printed as written, without the implied indentation (podman's top).</summary>
    public bool ExampleAsWritten { get; init; }

    /// <summary>The description's lines after the first are printed as written, without the implied indentation (podman's volume ls and export).</summary>
    public bool DescriptionAsWritten { get; init; }

    public IReadOnlyList<OptionSpec> Options { get; init; } = [];

    public ArgsRule Args { get; init; } = ArgsRule.None;

    /// <summary>False for commands like <c>run</c> and <c>exec</c>: the first argument ends the flags.</summary>
    public bool Interspersed { get; init; } = true;

    public bool Hidden { get; init; }

    public CommandAction? Action { get; init; }

    public CommandSpec? Parent { get; private set; }

    /// <summary>The subcommands in the order they were added (lazy ones are made now).</summary>
    public IReadOnlyList<CommandSpec> Subcommands => _slots.Select(Materialize).ToList();

    public bool HasSubcommands => _slots.Count > 0;

    /// <summary>The words that lead here from the tool's root, e.g. <c>podman container ls</c>.</summary>
    public string Path => Parent is null ? Name : $"{Parent.Path} {Name}";

    public CommandSpec Add(params CommandSpec[] children)
    {
        foreach (var child in children)
        {
            child.Parent = this;
            _slots.Add(new Slot(child.Name, child.Aliases) { Built = child });
        }

        return this;
    }

    /// <summary>
    /// Adds a subcommand that is made only when a command line or the help reaches it (every berth command is a new
    /// process, and most build only one path of the tree). <paramref name="name"/> and <paramref name="aliases"/> must
    /// be the made command's own.
    /// </summary>
    public CommandSpec AddLazy(string name, Func<CommandSpec> create, params string[] aliases)
    {
        _slots.Add(new Slot(name, aliases) { Create = create });
        return this;
    }

    public CommandSpec? FindSubcommand(string word)
    {
        foreach (var slot in _slots)
        {
            if (slot.Name == word || slot.Aliases.Contains(word))
            {
                return Materialize(slot);
            }
        }

        return null;
    }

    /// <summary>The root's persistent (global) options, visible to every command below it.</summary>
    public IReadOnlyList<OptionSpec> GlobalOptions { get; init; } = [];

    public CommandSpec Root => Parent?.Root ?? this;

    /// <summary>How help looks below this command: podman's sections, or cobra's defaults (buildah, skopeo).</summary>
    public HelpStyle HelpStyle { get; init; } = HelpStyle.Inherit;

    /// <summary>
    /// skopeo's subcommand help: the usage line and the examples as written (no cobra indentation) and no Global Flags
    /// section. Only for <see cref="HelpStyle.Cobra"/> commands.
    /// </summary>
    public bool PlainUsage { get; init; }

    /// <summary>
    /// buildah's usage template (its manifest commands): cobra's sections without Global Flags and without the "Use …
    /// --help" line, and a blank line at the end. Only for <see cref="HelpStyle.Cobra"/> commands.
    /// </summary>
    public bool BuildahUsage { get; init; }

    /// <summary>
    /// buildah's subcommand help below this command: no Global Flags section and a closing blank line (buildah's own
    /// usage template). Set on buildah's root; its own help keeps cobra's default.
    /// </summary>
    public bool SubcommandUsageTemplate { get; init; }

    /// <summary>An ancestor asks for <see cref="SubcommandUsageTemplate"/>.</summary>
    public bool InSubcommandUsageTemplate => Parent is { } p && (p.SubcommandUsageTemplate || p.InSubcommandUsageTemplate);

    public HelpStyle EffectiveHelpStyle => HelpStyle != HelpStyle.Inherit ? HelpStyle : Parent?.EffectiveHelpStyle ?? HelpStyle.Podman;

    /// <summary>skopeo reports errors as a logrus fatal line and exits 1; podman and buildah print "Error: …" and exit 125.</summary>
    public bool LogrusFatalErrors { get; init; }

    public bool EffectiveLogrusFatalErrors => LogrusFatalErrors || (Parent?.EffectiveLogrusFatalErrors ?? false);

    private CommandSpec Materialize(Slot slot)
    {
        if (slot.Built is { } built)
        {
            return built;
        }

        var made = slot.Create!();
        if (made.Name != slot.Name || !made.Aliases.SequenceEqual(slot.Aliases))
        {
            throw new InvalidOperationException($"lazy command \"{slot.Name}\" made \"{made.Name}\" ({string.Join(", ", made.Aliases)}): the names registered must be the command's own");
        }

        made.Parent = this;
        slot.Built = made;
        slot.Create = null;
        return made;
    }

    /// <summary>A subcommand's place: its names, and the command once made.</summary>
    private sealed class Slot(string name, IReadOnlyList<string> aliases)
    {
        public string Name { get; } = name;

        public IReadOnlyList<string> Aliases { get; } = aliases;

        public CommandSpec? Built { get; set; }

        public Func<CommandSpec>? Create { get; set; }
    }
}

/// <summary>The two shapes of help in the tools Berth stands in for.</summary>
public enum HelpStyle
{
    Inherit,
    /// <summary>podman: title, Description, Usage, Aliases, Examples, Available Commands, Options.</summary>
    Podman,
    /// <summary>cobra's default (buildah, skopeo): Usage with [flags], Flags with help, a closing hint.</summary>
    Cobra,
}
