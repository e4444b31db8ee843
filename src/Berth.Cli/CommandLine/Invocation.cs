namespace Berth.Cli.CommandLine;

/// <summary>A parsed command line ready to run: the command reached, its flags and its arguments.</summary>
public sealed class Invocation
{
    public required CommandSpec Command { get; init; }

    public required ParsedOptions Options { get; init; }

    public required IReadOnlyList<string> Arguments { get; init; }

    public bool HelpRequested { get; init; }

    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    /// <summary>The same invocation writing its normal output elsewhere (podman's --noout).</summary>
    public Invocation WithOutput(TextWriter output) => new()
    {
        Command = Command,
        Options = Options,
        Arguments = Arguments,
        HelpRequested = HelpRequested,
        Out = output,
        Error = Error,
    };
}
