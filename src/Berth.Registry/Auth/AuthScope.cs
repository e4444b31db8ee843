namespace Berth.Registry;

/// <summary>
/// A token scope of the distribution token spec: <c>repository:&lt;name&gt;:&lt;actions&gt;</c>, e.g.
/// <c>repository:library/busybox:pull</c> or <c>repository:me/app:pull,push</c>.
/// </summary>
/// <param name="Repository">The repository path on the registry.</param>
/// <param name="Actions">Comma-separated actions.</param>
public sealed record AuthScope(string Repository, string Actions)
{
    public static AuthScope Pull(string repository) => new(repository, "pull");

    public static AuthScope PullPush(string repository) => new(repository, "pull,push");

    public override string ToString() => $"repository:{Repository}:{Actions}";

    /// <summary>A stable key for a set of scopes (order-independent), used to cache tokens.</summary>
    public static string Key(IEnumerable<AuthScope> scopes) =>
        string.Join(' ', scopes.Select(s => s.ToString()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
}
