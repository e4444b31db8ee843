using Berth.Cli.CommandLine;
using Berth.Oci;

namespace Berth.Cli.Commands;

/// <summary>The error of an action that has not landed yet.</summary>
public static partial class ContainerActions
{
    private static BerthException Pending(Invocation invocation) =>
        new(ErrorKind.Internal, $"{invocation.Command.Path}: not implemented yet");
}
