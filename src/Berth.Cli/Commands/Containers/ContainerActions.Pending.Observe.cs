using Berth.Cli.CommandLine;
using Berth.Oci;

namespace Berth.Cli.Commands;

/// <summary>Placeholders (Observe) so the definitions compile until the real actions land; delete each as it is written.</summary>
public static partial class ContainerActions
{
    public static Task<int> LogsAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> TopAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> StatsAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> PortAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);
}
