using Berth.Cli.CommandLine;
using Berth.Oci;

namespace Berth.Cli.Commands;

/// <summary>Placeholders (Output) so the definitions compile until the real actions land; delete each as it is written.</summary>
public static partial class ContainerActions
{
    public static Task<int> InspectAsync(Invocation invocation, CancellationToken cancellationToken) => throw Pending(invocation);
}
