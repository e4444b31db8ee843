using Berth.Cli.CommandLine;
using Berth.Engine.Containers;

namespace Berth.Cli.Commands;

/// <summary>podman cp.</summary>
public static partial class ContainerActions
{
    /// <summary>podman cp [CONTAINER:]SRC [CONTAINER:]DEST: exactly one side names a container; "-" is a tar on stdin/stdout.</summary>
    public static async Task<int> CopyAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var (srcContainer, srcPath) = SplitCopyArgument(invocation.Arguments[0]);
        var (destContainer, destPath) = SplitCopyArgument(invocation.Arguments[1]);
        if (srcContainer is not null && destContainer is not null)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "copying between containers is not supported");
        }

        if (srcContainer is null && destContainer is null)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "invalid arguments " + invocation.Arguments[0] + ", " + invocation.Arguments[1] + " you must use just one container");
        }

        var options = new CopyOptions(Archive: !o.Changed("archive") || o.GetBool("archive"), Overwrite: o.GetBool("overwrite"));
        using var service = Open(invocation);
        var copier = new ContainerCopier(service);
        if (srcContainer is not null)
        {
            var c = service.Find(srcContainer);
            await invocation.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            await using var stdout = StandardStreams.Output();
            await copier.FromContainerAsync(c, srcContainer, srcPath, destPath, stdout, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        var target = service.Find(destContainer!);
        await using var stdin = StandardStreams.Input();
        await copier.ToContainerAsync(target, destContainer!, srcPath, stdin, destPath, options, cancellationToken).ConfigureAwait(false);
        return 0;
    }

    /// <summary>podman's copy.ParseSourceAndDestination: "name:path" names a container unless it starts with '/' or '.', or has no ':'.</summary>
    private static (string? Container, string Path) SplitCopyArgument(string argument)
    {
        if (argument.Length == 0)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "invalid empty path");
        }

        if (argument[0] is '/' or '.')
        {
            return (null, argument);
        }

        var colon = argument.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (null, argument) : (argument[..colon], argument[(colon + 1)..]);
    }
}
