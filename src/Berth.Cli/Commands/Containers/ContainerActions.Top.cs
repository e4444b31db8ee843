using Berth.Cli.CommandLine;
using Berth.Cli.Output;
using Berth.Runtime.Top;

namespace Berth.Cli.Commands;

/// <summary><c>top</c>: psgo's table of the container's processes (podman 4.3's cmd/podman/containers/top.go).</summary>
public static partial class ContainerActions
{
    public static Task<int> TopAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        if (o.Changed("list-descriptors") && o.GetBool("list-descriptors"))
        {
            invocation.Out.Write(string.Join('\n', ProcessTable.DescriptorNames) + "\n");
            return Task.FromResult(0);
        }

        var latest = o.Changed("latest") && o.GetBool("latest");
        var args = invocation.Arguments;
        if (args.Count == 0 && !latest)
        {
            throw new UsageException("you must provide the name or id of a running container");
        }

        using var service = Open(invocation);
        var container = latest ? service.Latest() : service.Find(args[0]);
        var descriptors = latest ? args : args.Skip(1).ToList();

        // podman runs ps(1) inside the container for descriptors psgo does not know; Berth has no exec in the engine
        // yet, so psgo's own error ("'x': unknown descriptor") is reported instead.
        TopOutput.Write(invocation.Out, service.Top(container, descriptors));
        return Task.FromResult(0);
    }
}
