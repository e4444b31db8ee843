using System.Text;
using Berth.Cli.CommandLine;
using Berth.Cli.Output;
using Berth.Engine.Containers;

namespace Berth.Cli.Commands;

/// <summary><c>port</c>: the published ports of running containers (podman 4.3's cmd/podman/containers/port.go).</summary>
public static partial class ContainerActions
{
    public static Task<int> PortAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var all = o.Changed("all") && o.GetBool("all");
        var latest = o.Changed("latest") && o.GetBool("latest");
        var args = invocation.Arguments;
        if (args.Count == 0 && !latest && !all)
        {
            throw new UsageException("you must supply a running container name or id");
        }

        if (all && args.Count > 0)
        {
            throw new UsageException("no arguments are needed with --all");
        }

        if (all && latest)
        {
            throw new UsageException("--all and --latest cannot be used together");
        }

        // podman: with --latest one argument is the port; otherwise the second one is.
        var portText = latest ? (args.Count == 1 ? args[0] : "") : (args.Count > 1 ? args[1] : "");
        (ushort, string)? wanted = portText.Length > 0 ? PortOutput.ParsePort(portText) : null;

        using var service = Open(invocation);
        IEnumerable<Container> containers = all ? service.List() : latest ? [service.Latest()] : [service.Find(args[0])];
        var output = new StringBuilder();
        foreach (var c in containers.Where(c => c.State.Status == ContainerStatus.Running))
        {
            if (!PortOutput.Write(output, c.Id, service.PublishedPorts(c), wanted, all))
            {
                invocation.Out.Write(output.ToString());
                throw new BerthException(ErrorKind.NotFound, $"failed to find published port \"{portText}\"");
            }
        }

        invocation.Out.Write(output.ToString());
        return Task.FromResult(0);
    }
}
