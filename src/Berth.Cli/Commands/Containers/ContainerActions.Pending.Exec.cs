using Berth.Cli.CommandLine;
using Berth.Oci;

namespace Berth.Cli.Commands;

/// <summary>Placeholders (Exec) so the definitions compile until the real actions land; delete each as it is written.</summary>
public static partial class ContainerActions
{
    public static Task<int> ExecAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);

    public static Task<int> HealthcheckRunAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);
}
