using Berth.Cli.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>podman's ways of ending a command that worked on several objects and met errors on some.</summary>
internal static class CommandErrors
{
    /// <summary>podman's OutputErrors.PrintErrors: all but the last as "Error: …" lines, the last as the command's error.</summary>
    public static int Print(Invocation invocation, List<BerthException> errors, int? exit)
    {
        if (errors.Count == 0)
        {
            return 0;
        }

        foreach (var e in errors.Take(errors.Count - 1))
        {
            invocation.Error.WriteLine("Error: " + e.Message);
        }

        var last = errors[^1];
        throw new BerthException(last.Kind, last.Message) { ExitCode = exit };
    }

    /// <summary>A prune's reports: each removed name printed, then the errors as <see cref="Print"/> ends.</summary>
    public static int PrintPruned(Invocation invocation, IEnumerable<(string Name, BerthException? Error)> reports)
    {
        var errors = new List<BerthException>();
        foreach (var (name, error) in reports)
        {
            if (error is null)
            {
                invocation.Out.WriteLine(name);
            }
            else
            {
                errors.Add(error);
            }
        }

        return Print(invocation, errors, null);
    }
}
