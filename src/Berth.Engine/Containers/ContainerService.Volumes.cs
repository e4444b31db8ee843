using Berth.Engine.Containers.Mounts;
using Berth.Engine.Volumes;
using Berth.Oci;
using Berth.Platform;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    private VolumeService? volumes;

    /// <summary>Named volumes (shared with <c>volume</c> commands' rules: one record per volume in the store).</summary>
    public VolumeService Volumes => volumes ??= new VolumeService(engine);

    /// <summary>
    /// At create, the mounts the container will have (libpod's WithNamedVolumes/WithVolumesFrom and the image's VOLUMEs):
    /// <c>--volumes-from</c> copies the other containers' volumes and binds (the user's own destinations win), every
    /// image VOLUME without a user mount becomes an anonymous volume (containers.conf <c>image_volume_mode</c>:
    /// anonymous, tmpfs or ignore), anonymous volumes get generated names, named volumes that do not exist yet are
    /// created, and image mounts are resolved to image IDs. Volumes made here are listed in <paramref name="created"/>
    /// so a failed create can remove them again.
    /// </summary>
    internal ContainerConfig PrepareMounts(ContainerConfig config, ImageConfiguration? image, IReadOnlyList<string> volumesFrom, List<string> created)
    {
        var named = new List<NamedVolumeMount>(config.NamedVolumes);
        var mounts = new List<UserMount>(config.Mounts);
        var taken = Destinations(config).ToHashSet(StringComparer.Ordinal);

        foreach (var text in volumesFrom)
        {
            var from = VolumesFromSpec.Parse(text);
            var source = TryFind(from.Container) ?? throw from.NotFound();
            foreach (var v in source.Config.NamedVolumes.Where(v => taken.Add(v.Destination)))
            {
                named.Add(v with { Options = WithVolumesFromOptions(v.Options, from) });
            }

            foreach (var m in source.Config.Mounts.Where(m => m.Type == "bind" && taken.Add(m.Destination)))
            {
                mounts.Add(m with { Options = WithVolumesFromOptions(m.Options, from) });
            }
        }

        var mode = engine.ContainersConf.Engine.ImageVolumeMode;
        foreach (var path in image?.Config?.Volumes?.Keys ?? [])
        {
            var destination = GoPath.Clean(path);
            if (mode == "ignore" || !taken.Add(destination))
            {
                continue;
            }

            if (mode == "tmpfs")
            {
                mounts.Add(new UserMount { Type = "tmpfs", Source = "tmpfs", Destination = destination, Options = MountOptions.Process(["rw", "nodev", "nosuid", "noexec"], isTmpfs: true, SourceFlags.Default) });
            }
            else
            {
                // podman gives an image's volumes rprivate,rw,nodev,exec, completed like any volume's options.
                named.Add(new NamedVolumeMount { Name = "", Destination = destination, IsAnonymous = true, Options = MountOptions.Process(["rprivate", "rw", "nodev", "exec"], isTmpfs: false, SourceFlags.Default) });
            }
        }

        for (var i = 0; i < named.Count; i++)
        {
            var v = named[i];
            if (v.Name.Length == 0)
            {
                var volume = Volumes.Create(new VolumeCreateRequest { Name = "", Anonymous = true });
                created.Add(volume.Name);
                named[i] = v with { Name = volume.Name, IsAnonymous = true };
            }
            else if (!Volumes.Exists(v.Name))
            {
                try
                {
                    created.Add(Volumes.Create(new VolumeCreateRequest { Name = v.Name }).Name);
                }
                catch (BerthException e) when (e.Kind == ErrorKind.AlreadyExists)
                {
                    // another create made it meanwhile: it is that one's, and this container uses it too
                }
            }
        }

        var imageVolumes = config.ImageVolumes
            .Select(iv => iv with { ImageId = images.Find(iv.Source).Id })
            .ToList();
        // podman's UserVolumes: every destination, the image's VOLUMEs and --volumes-from's included (ps's Mounts, inspect).
        var final = config with { NamedVolumes = named, Mounts = mounts, ImageVolumes = imageVolumes, VolumesFrom = volumesFrom };
        return final with { UserVolumes = [.. final.Mounts.Select(m => m.Destination), .. final.NamedVolumes.Select(v => v.Destination), .. final.OverlayVolumes.Select(o => o.Destination), .. final.ImageVolumes.Select(i => i.Destination)] };
    }

    /// <summary>Removes volumes a failed create made (best effort: the create's own error is what the user sees).</summary>
    internal async Task RemoveCreatedVolumesAsync(IReadOnlyList<string> created)
    {
        foreach (var name in created)
        {
            try
            {
                await Volumes.RemoveAsync(name, force: false, timeout: null, CancellationToken.None).ConfigureAwait(false);
            }
            catch (BerthException)
            {
            }
        }
    }

    /// <summary>
    /// <c>rm -v</c> and <c>run --rm</c>: the container's anonymous volumes go with it; one another container still uses
    /// (through <c>--volumes-from</c>) stays, as podman leaves it.
    /// </summary>
    internal async Task RemoveAnonymousVolumesAsync(ContainerConfig config, CancellationToken cancellationToken)
    {
        foreach (var v in config.NamedVolumes.Where(v => v.IsAnonymous))
        {
            try
            {
                await Volumes.RemoveAsync(v.Name, force: false, timeout: null, cancellationToken).ConfigureAwait(false);
            }
            catch (BerthException e) when (e.Kind is ErrorKind.NotFound or ErrorKind.InvalidState or ErrorKind.Conflict)
            {
            }
        }
    }

    /// <summary><c>--volumes-from C:ro</c> (or rw, z): the given words replace the mount's own ro/rw and relabel choice.</summary>
    private static IReadOnlyList<string> WithVolumesFromOptions(IReadOnlyList<string> options, VolumesFromSpec from) =>
        from.Options.Count == 0 ? options : [.. options.Where(o => o is not ("ro" or "rw" or "z" or "Z")), .. from.Options];

    /// <summary>Every destination the container's config mounts something on.</summary>
    private static IEnumerable<string> Destinations(ContainerConfig c) =>
        c.NamedVolumes.Select(v => v.Destination)
            .Concat(c.Mounts.Select(m => m.Destination))
            .Concat(c.OverlayVolumes.Select(o => o.Destination))
            .Concat(c.ImageVolumes.Select(i => i.Destination));
}
