using System.Globalization;

namespace Berth.Platform.Host;

/// <summary>
/// ID-to-name lookups in passwd(5) and group(5) files, the way runc's user package reads them: the first entry whose
/// ID matches wins; malformed lines are skipped. Missing files give an empty database (callers then print the number).
/// </summary>
public sealed class AccountDatabase
{
    private readonly Dictionary<uint, string> _users;
    private readonly Dictionary<uint, string> _groups;

    private AccountDatabase(Dictionary<uint, string> users, Dictionary<uint, string> groups)
    {
        _users = users;
        _groups = groups;
    }

    /// <summary>The databases under <paramref name="root"/> (e.g. "/" or "/proc/123/root").</summary>
    public static AccountDatabase Load(string root) =>
        Parse(HostFacts.ReadOrEmpty(Path.Combine(root, "etc/passwd")), HostFacts.ReadOrEmpty(Path.Combine(root, "etc/group")));

    public static AccountDatabase Parse(string passwd, string group) => new(ParseIds(passwd), ParseIds(group));

    /// <summary>The user name of <paramref name="uid"/>, or the number as text.</summary>
    public string UserName(uint uid) => _users.TryGetValue(uid, out var n) ? n : uid.ToString(CultureInfo.InvariantCulture);

    /// <summary>The group name of <paramref name="gid"/>, or the number as text.</summary>
    public string GroupName(uint gid) => _groups.TryGetValue(gid, out var n) ? n : gid.ToString(CultureInfo.InvariantCulture);

    /// <summary>name:password:ID:… lines; both files keep the numeric ID in the third field.</summary>
    private static Dictionary<uint, string> ParseIds(string text)
    {
        var result = new Dictionary<uint, string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split(':');
            if (fields.Length >= 3 && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                result.TryAdd(id, fields[0]);
            }
        }

        return result;
    }
}
