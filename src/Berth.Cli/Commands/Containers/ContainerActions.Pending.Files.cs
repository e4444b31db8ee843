using Berth.Cli.CommandLine;
using Berth.Oci;

namespace Berth.Cli.Commands;

/// <summary>Placeholders (Files) so the definitions compile until the real actions land; delete each as it is written.</summary>
public static partial class ContainerActions
{
    public static Task<int> CommitAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> MountAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> UnmountAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> CopyAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> ExportAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> PruneAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);
}
