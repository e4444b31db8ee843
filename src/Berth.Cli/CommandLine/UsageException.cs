namespace Berth.Cli.CommandLine;

/// <summary>
/// The command line itself is wrong (unknown flag, bad value, wrong number of arguments).
/// Podman prints such errors as <c>Error: …</c>, sometimes with a hint line, and exits 125.
/// </summary>
public sealed class UsageException(string message) : Exception(message)
{
    /// <summary>The flag-error shape: the message plus podman's "See '… --help'" line.</summary>
    public static UsageException ForFlag(CommandSpec command, string message) =>
        new($"{message}\nSee '{command.Path} --help'");
}
