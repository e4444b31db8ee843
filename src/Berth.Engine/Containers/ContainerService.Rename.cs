using Berth.Storage.Containers;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>Gives a container a new name (running ones too, as podman allows).</summary>
    public async Task RenameAsync(Container c, string newName, CancellationToken cancellationToken)
    {
        Berth.Runtime.Naming.ContainerNames.Validate(newName);
        using var held = await LockAsync(c.Id, cancellationToken).ConfigureAwait(false);
        try
        {
            Store.Containers.Rename(c.Id, newName);
        }
        catch (ContainerNameInUseException)
        {
            throw new BerthException(
                ErrorKind.AlreadyExists,
                $"renaming container {c.Id}: name {newName} already in use, cannot rename container {c.Id}: container already exists");
        }
    }
}
