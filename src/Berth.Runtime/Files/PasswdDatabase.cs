using System.Globalization;

namespace Berth.Runtime.Files;

/// <summary>One /etc/passwd line.</summary>
public sealed record PasswdUser(string Name, int Uid, int Gid, string Gecos, string Home, string Shell);

/// <summary>One /etc/group line.</summary>
public sealed record GroupEntry(string Name, int Gid, IReadOnlyList<string> Members);

/// <summary>
/// /etc/passwd and /etc/group parsed the way runc's libcontainer/user does (which podman uses): lines trimmed, blank
/// lines skipped, fields split on ':', a number that does not parse counts as 0, first match wins.
/// </summary>
public sealed class PasswdDatabase
{
    private PasswdDatabase(IReadOnlyList<PasswdUser>? users, IReadOnlyList<GroupEntry>? groups)
    {
        Users = users;
        Groups = groups;
    }

    /// <summary>The users; null when the image has no /etc/passwd.</summary>
    public IReadOnlyList<PasswdUser>? Users { get; }

    /// <summary>The groups; null when the image has no /etc/group.</summary>
    public IReadOnlyList<GroupEntry>? Groups { get; }

    /// <summary>Reads both files inside a container root, every path resolved inside it (see <see cref="RootfsFiles"/>).</summary>
    public static PasswdDatabase Load(string rootfs) =>
        Parse(RootfsFiles.ReadText(rootfs, "/etc/passwd"), RootfsFiles.ReadText(rootfs, "/etc/group"));

    /// <summary>Parses file texts; null = the file does not exist.</summary>
    public static PasswdDatabase Parse(string? passwd, string? group) =>
        new(passwd is null ? null : ParseUsers(passwd), group is null ? null : ParseGroups(group));

    /// <summary>The first user with that name, or with that uid when <paramref name="nameOrId"/> is a number (podman's lookup.GetUser).</summary>
    public PasswdUser? FindUser(string nameOrId)
    {
        var numeric = TryAtoi(nameOrId, out var uid);
        return Users?.FirstOrDefault(u => numeric ? u.Uid == uid : u.Name == nameOrId);
    }

    /// <summary>The first group with that name, or with that gid when <paramref name="nameOrId"/> is a number (podman's lookup.GetGroup).</summary>
    public GroupEntry? FindGroup(string nameOrId)
    {
        var numeric = TryAtoi(nameOrId, out var gid);
        return Groups?.FirstOrDefault(g => numeric ? g.Gid == gid : g.Name == nameOrId);
    }

    /// <summary>Go's strconv.Atoi: optional sign, decimal digits, fits in 64 bits (we keep 32).</summary>
    internal static bool TryAtoi(string text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && text.Trim() == text;

    private static List<PasswdUser> ParseUsers(string text)
    {
        var users = new List<PasswdUser>();
        foreach (var fields in Records(text))
        {
            users.Add(new PasswdUser(Field(fields, 0), Number(fields, 2), Number(fields, 3), Field(fields, 4), Field(fields, 5), Field(fields, 6)));
        }

        return users;
    }

    private static List<GroupEntry> ParseGroups(string text)
    {
        var groups = new List<GroupEntry>();
        foreach (var fields in Records(text))
        {
            var members = Field(fields, 3);
            groups.Add(new GroupEntry(Field(fields, 0), Number(fields, 2), members.Length == 0 ? [] : members.Split(',')));
        }

        return groups;
    }

    private static IEnumerable<string[]> Records(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim(' ', '\t', '\r', '\v', '\f');
            if (line.Length > 0)
            {
                yield return line.Split(':');
            }
        }
    }

    private static string Field(string[] fields, int index) => index < fields.Length ? fields[index] : "";

    private static int Number(string[] fields, int index) => TryAtoi(Field(fields, index), out var value) ? value : 0;
}
