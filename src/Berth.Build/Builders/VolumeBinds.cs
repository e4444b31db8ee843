using Berth.Oci;

namespace Berth.Build.Builders;

/// <summary>Bind mounts given with <c>-v</c> to a build or to <c>buildah run</c>.</summary>
public static class VolumeBinds
{
    /// <summary><c>-v src:dst[:opts]</c> (podman build, buildah run) as bind mounts.</summary>
    public static IEnumerable<RuntimeMount> Parse(IReadOnlyList<string> volumes)
    {
        foreach (var volume in volumes)
        {
            var parts = volume.Split(':');
            if (parts.Length < 2 || !parts[0].StartsWith('/') || !parts[1].StartsWith('/'))
            {
                throw BerthException.InvalidArgument($"invalid volume \"{volume}\": use /host/path:/container/path[:options]");
            }

            var options = new List<string> { "rbind" };
            if (parts.Length > 2)
            {
                options.AddRange(parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries).Where(o => o is "ro" or "rw" or "z" or "Z" ? o is "ro" or "rw" : true));
            }

            yield return new RuntimeMount { Destination = parts[1], Type = "bind", Source = parts[0], Options = options };
        }
    }
}
