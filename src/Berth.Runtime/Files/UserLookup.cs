using Berth.Runtime.Spec;

namespace Berth.Runtime.Files;

/// <summary>The identity a container process runs as (runc's ExecUser).</summary>
public sealed record ContainerUser(uint Uid, uint Gid, IReadOnlyList<uint> SupplementaryGids, string Home);

/// <summary>
/// Resolves <c>--user</c> and <c>--group-add</c> against a container's /etc/passwd and /etc/group with podman 4.3's
/// semantics (runc's GetExecUser and GetAdditionalGroups, reached through podman's pkg/lookup). Use
/// <see cref="Resolver"/> as the spec generator's <see cref="UserResolver"/>.
/// </summary>
public sealed class UserLookup
{
    private const int MaxId = int.MaxValue;
    private readonly PasswdDatabase _database;

    public UserLookup(PasswdDatabase database) => _database = database;

    /// <summary>A lookup over the files of a container root (read safely inside it).</summary>
    public static UserLookup ForRootfs(string rootfs) => new(PasswdDatabase.Load(rootfs));

    /// <summary>This lookup as the spec generator's delegate.</summary>
    public UserResolver Resolver => Resolve;

    /// <summary>The delegate's form: <paramref name="group"/> null when <c>--user</c> had no ':'.</summary>
    public ResolvedUser Resolve(string user, string? group)
    {
        var resolved = Lookup(group is null ? user : user + ":" + group);
        return new ResolvedUser(resolved.Uid, resolved.Gid, resolved.SupplementaryGids);
    }

    /// <summary>
    /// Resolves "user", "uid", "user:group", "uid:gid" (and mixtures). A name must exist; a number need not. When no
    /// group is given the user's primary group comes from passwd and the groups listing the user by name become
    /// supplementary groups; an explicit group gives no supplementary groups.
    /// </summary>
    public ContainerUser Lookup(string spec)
    {
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var userArg = colon < 0 ? spec : spec[..colon];
        // runc splits on every ':' and keeps the second field.
        var groupArg = colon < 0 ? "" : spec[(colon + 1)..].Split(':')[0];
        var uidNumeric = PasswdDatabase.TryAtoi(userArg, out var uidArg);
        var gidNumeric = PasswdDatabase.TryAtoi(groupArg, out var gidArg);

        int uid = 0, gid = 0;
        var home = "";
        string? matchedName = null;
        var match = userArg.Length == 0
            ? _database.Users?.FirstOrDefault(u => u.Uid == 0)
            : _database.Users?.FirstOrDefault(u => uidNumeric ? u.Uid == uidArg : u.Name == userArg);
        if (match is not null)
        {
            matchedName = match.Name;
            (uid, gid, home) = (match.Uid, match.Gid, match.Home);
        }
        else if (userArg.Length > 0)
        {
            if (!uidNumeric)
            {
                throw BerthException.InvalidArgument($"unable to find user {userArg}: no matching entries in passwd file");
            }

            uid = CheckRange(uidArg);
        }

        var supplementary = new List<uint>();
        if (groupArg.Length > 0)
        {
            var group = _database.Groups?.FirstOrDefault(g => gidNumeric ? g.Gid == gidArg : g.Name == groupArg);
            if (group is not null)
            {
                gid = group.Gid;
            }
            else if (!gidNumeric)
            {
                throw BerthException.InvalidArgument($"unable to find group {groupArg}: no matching entries in group file");
            }
            else
            {
                gid = CheckRange(gidArg);
            }
        }
        else if (matchedName is not null && _database.Groups is not null)
        {
            supplementary.AddRange(_database.Groups.Where(g => g.Members.Contains(matchedName)).Select(g => (uint)g.Gid));
        }

        return new ContainerUser((uint)uid, (uint)gid, supplementary, home);
    }

    /// <summary>
    /// The gids of <c>--group-add</c> values (names or numbers; a number need not exist), in the order given, each
    /// once. <c>keep-groups</c> is not a group: check it with <see cref="IsKeepGroups"/> first.
    /// </summary>
    public IReadOnlyList<uint> AdditionalGroups(IReadOnlyList<string> groupAdd)
    {
        var gids = new List<uint>();
        foreach (var value in groupAdd)
        {
            var group = _database.Groups?.FirstOrDefault(g => g.Name == value || g.Gid.ToString(System.Globalization.CultureInfo.InvariantCulture) == value);
            uint gid;
            if (group is not null)
            {
                gid = (uint)group.Gid;
            }
            else if (long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                gid = (uint)CheckRange(number);
            }
            else
            {
                throw BerthException.InvalidArgument($"looking up supplemental groups for container: Unable to find group {value}: no matching entries in group file");
            }

            if (!gids.Contains(gid))
            {
                gids.Add(gid);
            }
        }

        return gids;
    }

    /// <summary>
    /// <c>--group-add keep-groups</c> (the runtime keeps the caller's supplementary groups): true when it is given,
    /// refused next to other values as podman refuses it.
    /// </summary>
    public static bool IsKeepGroups(IReadOnlyList<string> groupAdd)
    {
        if (!groupAdd.Contains("keep-groups"))
        {
            return false;
        }

        if (groupAdd.Count > 1)
        {
            throw BerthException.InvalidArgument("the '--group-add keep-groups' option is not allowed with any other --group-add options");
        }

        return true;
    }

    private static int CheckRange(long id) =>
        id is < 0 or > MaxId ? throw BerthException.InvalidArgument($"uids and gids must be in range 0-{MaxId}") : (int)id;
}
