using Berth.Runtime.Files;

namespace Berth.Build.Copy;

/// <summary>A numeric owner of copied files.</summary>
public readonly record struct FileOwner(uint Uid, uint Gid);

/// <summary>
/// Resolves <c>--chown</c> as buildah 1.28 does (userForCopy, then chrootuser.GetUser over the root file system's
/// /etc/passwd and /etc/group): a lone number is both uid and gid (<c>--chown=1234</c> → 1234:1234, even when passwd
/// knows uid 1234 with another group); two numbers are taken as they are; a user name gives its uid and, without a
/// group, its primary gid from passwd; a group name is looked up in /etc/group. Unknown names fail with podman's
/// messages.
/// </summary>
public static class CopyOwner
{
    /// <summary>Resolves <paramref name="spec"/> against the files of <paramref name="rootfs"/> (read safely inside it).</summary>
    public static FileOwner Resolve(string rootfs, string spec)
    {
        // Only names need the files; numbers never read them.
        var (user, group) = Split(spec);
        if (user.Length == 0 && group.Length == 0)
        {
            throw BerthException.InvalidArgument($"looking up UID/GID for \"{spec}\": can't find uid for user {spec}");
        }

        return TryNumeric(user, group) ?? Resolve(PasswdDatabase.Load(rootfs), spec);
    }

    /// <summary>As <see cref="Resolve(string, string)"/> with the files already read.</summary>
    public static FileOwner Resolve(PasswdDatabase database, string spec)
    {
        var (user, group) = Split(spec);
        if (user.Length == 0 && group.Length == 0)
        {
            throw BerthException.InvalidArgument($"looking up UID/GID for \"{spec}\": can't find uid for user {spec}");
        }

        if (TryNumeric(user, group) is { } numeric)
        {
            return numeric;
        }

        // chrootuser.GetUser: an empty user is root.
        uint uid, gid = 0;
        string? userError = null, groupError = null;
        if (ParseId(user.Length == 0 ? "0" : user) is { } number)
        {
            uid = number;
            if (group.Length == 0)
            {
                gid = database.Users?.FirstOrDefault(u => u.Uid == number)?.Gid is { } primary ? (uint)primary : 0;
            }
        }
        else if (database.Users?.FirstOrDefault(u => u.Name == user) is { } entry)
        {
            (uid, gid) = ((uint)entry.Uid, (uint)entry.Gid);
        }
        else
        {
            uid = 0;
            userError = $"user: unknown user error looking up user \"{user}\"";
        }

        if (group.Length > 0)
        {
            if (ParseId(group) is { } groupNumber)
            {
                gid = groupNumber;
            }
            else if (database.Groups?.FirstOrDefault(g => g.Name == group) is { } groupEntry)
            {
                gid = (uint)groupEntry.Gid;
            }
            else
            {
                groupError = $"group: unknown group error looking up group \"{group}\"";
            }
        }

        if (userError is not null)
        {
            throw BerthException.InvalidArgument($"looking up UID/GID for \"{spec}\": determining run uid: {userError}");
        }

        if (groupError is not null)
        {
            throw BerthException.InvalidArgument($"looking up UID/GID for \"{spec}\": determining run gid: {groupError}");
        }

        return new FileOwner(uid, gid);
    }

    private static (string User, string Group) Split(string spec)
    {
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (spec, "") : (spec[..colon], spec[(colon + 1)..]);
    }

    /// <summary>buildah's userForCopy shortcut: numbers only (an empty user counts as 0), the gid defaulting to the uid.</summary>
    private static FileOwner? TryNumeric(string user, string group)
    {
        uint uid = 0;
        if (user.Length > 0)
        {
            if (ParseId(user) is not { } u)
            {
                return null;
            }

            uid = u;
        }

        if (group.Length == 0)
        {
            return new FileOwner(uid, uid);
        }

        return ParseId(group) is { } g ? new FileOwner(uid, g) : null;
    }

    /// <summary>Go's <c>strconv.ParseUint(s, 10, 32)</c>: decimal digits only, at most 2^32-1.</summary>
    private static uint? ParseId(string text)
    {
        if (text.Length == 0 || text.Length > 10)
        {
            return null;
        }

        ulong value = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return null;
            }

            value = (value * 10) + (uint)(c - '0');
        }

        return value <= uint.MaxValue ? (uint)value : null;
    }
}
