using System.Formats.Tar;
using Berth.Engine.Images;
using Berth.Platform.Locking;

namespace Berth.Engine.Pods;

/// <summary>
/// The default infra image, <c>localhost/berth-pause:&lt;berth version&gt;</c>: built locally on first need, without any
/// network (podman 4.3 builds its <c>localhost/podman-pause</c> the same way): one layer holding the host's static
/// catatonit as <c>/catatonit</c>, entrypoint <c>["/catatonit", "-P"]</c> (pause mode). The layer goes through
/// <c>berth import</c>'s code path (<see cref="ImageImporter"/>); a lock file makes concurrent first uses build it once.
/// </summary>
public static class PauseImage
{
    /// <summary>Where Debian's catatonit package and podman's packaging put the binary.</summary>
    private static readonly string[] CatatonitPaths = ["/usr/libexec/podman/catatonit", "/usr/bin/catatonit"];

    public static string Name => $"localhost/berth-pause:{BuildInfo.Version}";

    /// <summary>The pause image, built first when the store does not have it.</summary>
    public static async Task<LocalImage> EnsureAsync(ImageService images, string locksDirectory, CancellationToken cancellationToken)
    {
        if (images.TryFind(Name) is { } existing)
        {
            return existing;
        }

        Directory.CreateDirectory(locksDirectory);
        using var held = await FileLock.AcquireAsync(Path.Combine(locksDirectory, "pause-image.lock"), LockMode.Exclusive, cancellationToken).ConfigureAwait(false);
        if (images.TryFind(Name) is { } built)
        {
            return built;
        }

        var catatonit = CatatonitPaths.FirstOrDefault(File.Exists)
            ?? throw new BerthException(ErrorKind.NotFound, $"building the infra image {Name}: catatonit not found at {string.Join(" or ", CatatonitPaths)}: install catatonit or give --infra-image");
        using var tarball = new MemoryStream();
        await using (var writer = new TarWriter(tarball, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "catatonit")
            {
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
                ModificationTime = File.GetLastWriteTimeUtc(catatonit),
            };
            await using var content = File.OpenRead(catatonit);
            entry.DataStream = content;
            await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
        }

        tarball.Position = 0;
        return await new ImageImporter(images).ImportAsync(tarball, Name, ["ENTRYPOINT [\"/catatonit\", \"-P\"]"], null, SilentProgress.Instance, cancellationToken).ConfigureAwait(false);
    }

    private sealed class SilentProgress : IPullProgress
    {
        public static SilentProgress Instance { get; } = new();

        public void Line(string text)
        {
        }
    }
}
