using Berth.Cli.CommandLine;
using Berth.Oci;

namespace Berth.Cli.Commands;

/// <summary>
/// Placeholders for the container actions that have not landed yet, so the definitions compile. Each real action,
/// when written in its own file of this partial class, replaces its line here.
/// </summary>
public static partial class ContainerActions
{
    public static Task<int> RunAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> CreateAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> StartAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> StopAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> KillAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> RestartAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> RemoveAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> ListAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> InspectAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> LogsAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> ExecAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> AttachAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> WaitAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> PauseAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> UnpauseAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> TopAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> StatsAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> PortAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> CommitAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> MountAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> UnmountAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> CopyAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> ExportAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> RenameAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> PruneAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> InitAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> ExistsAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> CleanupAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> HealthcheckRunAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    private static BerthException Pending(Invocation invocation) =>
        new(ErrorKind.Internal, $"{invocation.Command.Path}: not implemented yet");
}
