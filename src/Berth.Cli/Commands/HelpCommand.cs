using Berth.Cli.CommandLine;

namespace Berth.Cli.Commands;

/// <summary><c>help [command…]</c>: the help of the named command (cobra's help command).</summary>
public static class HelpCommand
{
    public static CommandSpec Create() => new("help", "Help about any command")
    {
        Description = "Help provides help for any command in the application.\nSimply type {path} [path to command] for full details.",
        Usage = "[command]",
        Args = ArgsRule.Any,
        Action = RunAsync,
    };

    private static Task<int> RunAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var target = invocation.Command.Parent ?? invocation.Command;
        foreach (var word in invocation.Arguments)
        {
            if (target.FindSubcommand(word) is not { } next)
            {
                invocation.Out.Write($"Unknown help topic [`{string.Join(' ', invocation.Arguments)}`]\n");
                invocation.Out.Write(HelpWriter.Render(target));
                return Task.FromResult(0);
            }

            target = next;
        }

        invocation.Out.Write(HelpWriter.Render(target));
        return Task.FromResult(0);
    }
}
