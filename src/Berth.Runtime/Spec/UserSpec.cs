using System.Globalization;
using Berth.Oci;

namespace Berth.Runtime.Spec;

/// <summary>Parses <c>--user</c> values: <c>uid</c>, <c>uid:gid</c>, or names looked up through a resolver.</summary>
public static class UserSpec
{
    public static ResolvedUser Resolve(string user, UserResolver? resolver)
    {
        var colon = user.IndexOf(':', StringComparison.Ordinal);
        var userPart = colon < 0 ? user : user[..colon];
        var groupPart = colon < 0 ? null : user[(colon + 1)..];
        if (TryId(userPart, out var uid) && (groupPart is null || TryId(groupPart, out _)))
        {
            if (groupPart is not null)
            {
                TryId(groupPart, out var gid);
                return new ResolvedUser(uid, gid, []);
            }
            // A bare uid takes its group from /etc/passwd when the image has an entry; without a resolver, gid 0.
            return resolver is null ? new ResolvedUser(uid, 0, []) : resolver(userPart, null);
        }
        if (resolver is null)
        {
            throw BerthException.InvalidArgument($"unable to find user {userPart}: no matching entries in passwd file");
        }
        return resolver(userPart, groupPart);
    }

    private static bool TryId(string text, out uint id) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);
}
