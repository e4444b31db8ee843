using Berth.Platform;

namespace Berth.Build.Copy;

/// <summary>What a copied entry gets besides its content: owner, permission bits (setuid/setgid/sticky included), times
/// and the extended attributes worth keeping.</summary>
internal readonly record struct EntryMetadata(
    uint Uid,
    uint Gid,
    uint Mode,
    UnixTime Access,
    UnixTime Modification,
    IReadOnlyList<KeyValuePair<string, byte[]>>? Xattrs = null)
{
    /// <summary>
    /// The extended attributes buildah's copier keeps (<c>security.capability</c>, <c>security.ima</c>, <c>user.*</c>);
    /// others (SELinux labels, ACLs, trusted.*) are the host's business.
    /// </summary>
    public static bool IsKeptXattr(string name) =>
        name is "security.capability" or "security.ima" ||
        (name.StartsWith("user.", StringComparison.Ordinal) && !name.AsSpan(5).Contains('/'));

    /// <summary>Now, for entries without times of their own.</summary>
    public static UnixTime Time(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var rest);
        if (rest < 0)
        {
            seconds--;
            rest += TimeSpan.TicksPerSecond;
        }

        return new UnixTime(seconds, (uint)(rest * 100));
    }

    /// <summary>
    /// Go's <c>time.Round(time.Second)</c>: buildah passes copied files through a tar whose writer rounds modification
    /// times to the nearest second (halves up) and drops access times.
    /// </summary>
    public static UnixTime RoundToSecond(UnixTime time) =>
        new(time.Nanoseconds >= 500_000_000 ? time.Seconds + 1 : time.Seconds, 0);
}
