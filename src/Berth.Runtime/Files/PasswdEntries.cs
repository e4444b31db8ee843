using System.Globalization;

namespace Berth.Runtime.Files;

/// <summary>Lines podman adds to a container's /etc/passwd and /etc/group; null = nothing to add.</summary>
public sealed record GeneratedEntries(string? Passwd, string? Group);

/// <summary>
/// podman 4.3's generatePasswdAndGroup for a rootful container: with a numeric <c>--user</c> uid that the image's
/// passwd does not know it adds <c>UID:*:UID:GID:container user:WORKDIR:/bin/sh</c>, and with a numeric group (the
/// part after ':' or, without one, the uid itself) that the image's group file does not know it adds
/// <c>GID:x:GID:USER</c>. podman appends these lines to the rootfs's files (created 0600 when missing), or, for a
/// read-only container, writes copies (original + lines, 0644) to bind-mount; a bind mount at /etc/passwd or
/// /etc/group suppresses that file.
/// </summary>
public static class PasswdEntries
{
    /// <param name="user">The <c>--user</c> value; null or "" = nothing.</param>
    /// <param name="workingDir">The container's working directory (the new user's home).</param>
    /// <param name="database">The image's passwd and group.</param>
    /// <param name="passwdEntryTemplate"><c>--passwd-entry</c>, with $USERNAME, $UID, $GID, $NAME and $HOME; null = the default line.</param>
    public static GeneratedEntries Generate(string? user, string workingDir, PasswdDatabase database, string? passwdEntryTemplate = null)
    {
        if (string.IsNullOrEmpty(user))
        {
            return new GeneratedEntries(null, null);
        }

        var colon = user.IndexOf(':', StringComparison.Ordinal);
        var userPart = colon < 0 ? user : user[..colon];
        var groupPart = colon < 0 ? "" : user[(colon + 1)..];
        return new GeneratedEntries(PasswdLine(userPart, groupPart, workingDir, database, passwdEntryTemplate), GroupLine(userPart, colon < 0 ? userPart : groupPart, database));
    }

    /// <summary>The whole file to bind-mount: the image's text (may be null) followed by the added line.</summary>
    public static string Append(string? original, string line) => (original ?? "") + line;

    private static string? PasswdLine(string userPart, string groupPart, string workingDir, PasswdDatabase database, string? template)
    {
        if (!uint.TryParse(userPart, NumberStyles.None, CultureInfo.InvariantCulture, out var uid) || database.FindUser(userPart) is not null)
        {
            return null;
        }

        var gid = 0L;
        if (groupPart.Length > 0)
        {
            if (uint.TryParse(groupPart, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric))
            {
                gid = numeric;
            }
            else
            {
                gid = database.FindGroup(groupPart)?.Gid
                    ?? throw BerthException.InvalidArgument($"unable to get gid {groupPart} from group file: no matching entries in group file");
            }
        }

        var uidText = uid.ToString(CultureInfo.InvariantCulture);
        var gidText = gid.ToString(CultureInfo.InvariantCulture);
        if (template is not null)
        {
            return template.Replace("$USERNAME", uidText, StringComparison.Ordinal).Replace("$UID", uidText, StringComparison.Ordinal)
                .Replace("$GID", gidText, StringComparison.Ordinal).Replace("$NAME", "container user", StringComparison.Ordinal)
                .Replace("$HOME", workingDir, StringComparison.Ordinal) + "\n";
        }

        return $"{uidText}:*:{uidText}:{gidText}:container user:{workingDir}:/bin/sh\n";
    }

    // podman names the user part as the member even when it is a number; the group's own name is its gid.
    private static string? GroupLine(string userPart, string group, PasswdDatabase database)
    {
        if (!uint.TryParse(group, NumberStyles.None, CultureInfo.InvariantCulture, out var gid) || database.FindGroup(group) is not null)
        {
            return null;
        }

        return $"{gid}:x:{gid}:{userPart}\n";
    }
}
