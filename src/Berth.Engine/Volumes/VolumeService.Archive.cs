using Berth.Archive;
using Berth.Engine.Containers;
using Berth.Oci;

namespace Berth.Engine.Volumes;

/// <summary><c>volume export</c> and <c>volume import</c>: a tar of the data directory's contents, out and in.</summary>
public sealed partial class VolumeService
{
    /// <summary>
    /// Writes the volume's contents as a tar (containers/storage's format: names sorted, hard links, modes, owners,
    /// extended attributes) to <paramref name="output"/>.
    /// </summary>
    public async Task ExportAsync(string name, Stream output, CancellationToken cancellationToken)
    {
        var volume = Get(name);
        RequireMounted(volume);
        await LayerWriter.WriteDirectoryAsync(volume.Mountpoint, output, LayerCompression.None, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Unpacks a tar (plain, gzip or zstd) into the volume over what is there. Refused, with nothing changed: a volume
    /// a running container uses, and an archive that <see cref="VolumeImportCheck"/> finds hostile or incomplete (it
    /// reads the archive once before the extraction reads it again; a stream that cannot seek is spooled to a temporary
    /// file first).
    /// </summary>
    public async Task ImportAsync(string name, Stream archive, CancellationToken cancellationToken)
    {
        var volume = Get(name);
        RequireMounted(volume);
        var running = UsersOf(volume.Name)
            .Where(c => c.State.Status is ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Stopping)
            .Select(c => c.Id)
            .ToList();
        if (running.Count > 0)
        {
            throw new BerthException(
                ErrorKind.InvalidState,
                $"volume {volume.Name} is in use by running container(s) {string.Join(", ", running)}: stop them before importing into the volume");
        }

        Stream? spool = null;
        try
        {
            var source = archive;
            if (!archive.CanSeek)
            {
                spool = await SpoolAsync(archive, cancellationToken).ConfigureAwait(false);
                source = spool;
            }

            var start = source.Position;
            await VolumeImportCheck.CheckAsync(source, volume.Mountpoint, cancellationToken).ConfigureAwait(false);
            source.Position = start;
            await LayerApplier.ApplyAsync(source, LayerCompression.None, volume.Mountpoint, new LayerApplyOptions
            {
                Whiteouts = WhiteoutFormat.Vfs,
                PreserveOwnership = !engine.Settings.Rootless,
                InUserNamespace = engine.Settings.Rootless,
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (spool is not null)
            {
                await spool.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// podman's check before export/import: a local volume with a file system type other than tmpfs must be mounted
    /// (its data is on that file system); a tmpfs one that is not mounted exports and imports its directory.
    /// </summary>
    private static void RequireMounted(Volume volume)
    {
        if (volume.Options.TryGetValue("type", out var type) && type != "tmpfs" && volume.MountCount == 0)
        {
            throw new BerthException(ErrorKind.InvalidState, $"volume is using a driver {volume.Driver} and volume is not mounted on {volume.Mountpoint}");
        }
    }

    private async Task<FileStream> SpoolAsync(Stream archive, CancellationToken cancellationToken)
    {
        var directory = engine.Settings.ImageCopyTmpDir;
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"berth-volume-import-{Guid.NewGuid():N}.tar");
        var spool = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await archive.CopyToAsync(spool, cancellationToken).ConfigureAwait(false);
            spool.Position = 0;
            return spool;
        }
        catch
        {
            await spool.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
