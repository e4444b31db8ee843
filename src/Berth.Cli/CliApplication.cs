using Berth.Cli.CommandLine;
using Berth.Cli.Personalities;
using Berth.Templates;

namespace Berth.Cli;

/// <summary>Runs one command line: picks the personality, parses, shows help or runs the action, maps errors to exit codes.</summary>
public static class CliApplication
{
    /// <summary>podman's exit code for errors of the engine itself (bad flags, missing objects, …).</summary>
    public const int EngineError = 125;

    public static async Task<int> RunAsync(string invokedAs, IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var root = Personality.RootFor(invokedAs);
        var command = root;
        try
        {
            var invocation = CommandLineParser.Parse(root, args, output, error);
            command = invocation.Command;
            if (invocation.HelpRequested)
            {
                await output.WriteAsync(HelpWriter.Render(command)).ConfigureAwait(false);
                return 0;
            }

            var engineOptions = GlobalOptions.ToEngineOptions(invocation.Options);
            CliLog.Output = error;
            CliLog.SetLevel(engineOptions.LogLevel);
            if (invocation.Options.Changed("noout") && invocation.Options.GetBool("noout"))
            {
                invocation = invocation.WithOutput(TextWriter.Null);
            }

            if (command.Action is null)
            {
                return MissingCommand(invocation);
            }

            if (command.Args.Check(command.Path, invocation.Arguments.Count) is { } argsError)
            {
                throw new UsageException(argsError);
            }

            return await command.Action(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            return Fail(error, e.Message, command);
        }
        catch (BerthException e)
        {
            var code = Fail(error, e.Message, command);
            return e.ExitCode is { } exit && code == EngineError ? exit : code;
        }
        catch (TemplateException e)
        {
            return Fail(error, e.Message, command);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The file system refused (permissions, a full disk, a name that is a directory): say so, without a trace.
            return Fail(error, e.Message, command);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Fail(error, "interrupted", command);
        }
    }

    private static int Fail(TextWriter error, string message, CommandSpec command)
    {
        if (command.EffectiveLogrusFatalErrors)
        {
            var time = CliLog.Rfc3339Now();
            error.WriteLine($"time=\"{time}\" level=fatal msg=\"{message.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"");
            return 1;
        }

        error.Write("Error: ");
        error.WriteLine(message);
        return EngineError;
    }

    /// <summary>A command group reached without a subcommand, or with an unknown one.</summary>
    internal static int MissingCommand(Invocation invocation)
    {
        var command = invocation.Command;
        if (invocation.Arguments.Count > 0)
        {
            var word = invocation.Arguments[0];
            // cobra sorts a command's children by name (EnableCommandSorting), so its suggestions come in that order.
            var suggestions = command.Subcommands.Where(c => !c.Hidden && Suggest(word, c.Name)).Select(c => c.Name).Order(StringComparer.Ordinal).ToList();
            var text = suggestions.Count == 0
                ? $"unrecognized command `{command.Path} {word}`\nTry '{command.Path} --help' for more information"
                : $"unrecognized command `{command.Path} {word}`\n\nDid you mean this?\n\t{string.Join("\n\t", suggestions)}\n\nTry '{command.Path} --help' for more information";
            throw new UsageException(text);
        }

        if (command.EffectiveLogrusFatalErrors)
        {
            // skopeo: no help text, a capitalised message with the hint.
            throw new UsageException($"Missing command '{command.Path} COMMAND'\nTry '{command.Path} --help' for more information");
        }

        invocation.Out.Write(HelpWriter.Render(command));
        throw new UsageException($"missing command '{command.Path} COMMAND'");
    }

    /// <summary>cobra's suggestions: a Levenshtein distance of at most 2, or the typed word is a prefix.</summary>
    internal static bool Suggest(string typed, string name) =>
        Levenshtein(typed.ToLowerInvariant(), name.ToLowerInvariant()) <= 2
        || name.StartsWith(typed, StringComparison.OrdinalIgnoreCase);

    internal static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
