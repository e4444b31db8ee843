using Berth.Cli.CommandLine;
using Berth.Engine.Containers;
using Berth.Engine.Images;

namespace Berth.Cli.Commands;

/// <summary>podman container prune, and rmi -f's removal of the containers using an image.</summary>
public static partial class ContainerActions
{
    /// <summary>podman container prune: asks unless -f, then prints the IDs of the containers removed.</summary>
    public static async Task<int> PruneAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var filters = o.GetStrings("filter");
        _ = ContainerPruner.Filter(filters);
        if (!o.GetBool("force") && !await ImageMaintenanceActions.ConfirmAsync(invocation, "WARNING! This will remove all non running containers.", cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        using var service = Open(invocation);
        var (removed, errors) = await new ContainerPruner(service).PruneAsync(filters, cancellationToken).ConfigureAwait(false);
        foreach (var id in removed)
        {
            invocation.Out.WriteLine(id);
        }

        for (var i = 0; i < errors.Count - 1; i++)
        {
            invocation.Error.WriteLine("Error: " + errors[i].Message);
        }

        return errors.Count == 0 ? 0 : throw errors[^1];
    }

    /// <summary>rmi -f: the containers using the image are removed first (stopped when running), as podman does.</summary>
    internal static async Task RemoveContainersUsingAsync(Invocation invocation, LocalImage? image, CancellationToken cancellationToken)
    {
        if (image is null)
        {
            return;
        }

        using var service = Open(invocation);
        foreach (var id in service.Store.Containers.UsingImage(image.Id))
        {
            if (service.TryFind(id) is { } c)
            {
                await service.RemoveAsync(c, new RemoveOptions { Force = true }, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
