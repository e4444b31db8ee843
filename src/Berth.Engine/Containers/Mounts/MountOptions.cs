using System.Globalization;

namespace Berth.Engine.Containers.Mounts;

/// <summary>
/// The options each user mount has in the runtime spec podman 4.3 writes when the container is initialised. The
/// stored options are already complete (<see cref="Process"/> ran at create: rw/ro, rprivate, nosuid/nodev defaults,
/// rbind, tmpcopyup); at init podman acts on U (chown of a bind's or volume's source; uid=/gid= of the container user
/// for a tmpfs) and z/Z (relabel) and leaves them out. Every other word goes to the runtime as stored, including
/// copy/nocopy, idmap[=…] and volume-opt=… (recorded: podman 4.3.1 passes them on).
/// </summary>
public static partial class MountOptions
{
    /// <summary>A bind mount's spec options.</summary>
    public static IReadOnlyList<string> ForBind(UserMount mount) => WithoutPodmanWords(mount.Options);

    /// <summary>A named volume's spec options (its mount is a bind of the volume's data directory).</summary>
    public static IReadOnlyList<string> ForNamedVolume(NamedVolumeMount volume) => WithoutPodmanWords(volume.Options);

    /// <summary>A tmpfs's spec options: U becomes the container user's uid= and gid= in its place.</summary>
    public static IReadOnlyList<string> ForTmpfs(UserMount mount, long uid = 0, long gid = 0)
    {
        var result = new List<string>(mount.Options.Count + 1);
        foreach (var option in mount.Options)
        {
            if (option == "U")
            {
                result.Add("uid=" + uid.ToString(CultureInfo.InvariantCulture));
                result.Add("gid=" + gid.ToString(CultureInfo.InvariantCulture));
            }
            else if (option is not ("z" or "Z"))
            {
                result.Add(option);
            }
        }

        return result;
    }

    /// <summary>Any user mount's spec options: binds and tmpfs as above, devpts as given.</summary>
    public static IReadOnlyList<string> For(UserMount mount, long uid = 0, long gid = 0) => mount.Type switch
    {
        "bind" => ForBind(mount),
        "tmpfs" => ForTmpfs(mount, uid, gid),
        _ => mount.Options,
    };

    /// <summary>Whether the bind's or volume's source is to be chowned to the container user at init (U).</summary>
    public static bool Chowns(IReadOnlyList<string> options) => options.Contains("U");

    /// <summary>The relabel asked for: "z" (shared), "Z" (private) or null.</summary>
    public static string? Relabel(IReadOnlyList<string> options) => options.LastOrDefault(o => o is "z" or "Z");

    /// <summary>A named volume with O is mounted as an overlay of its data directory, not as a bind.</summary>
    public static bool IsOverlay(NamedVolumeMount volume) => volume.Options.Contains("O");

    private static List<string> WithoutPodmanWords(IReadOnlyList<string> options) => [.. options.Where(o => o is not ("U" or "z" or "Z"))];
}
