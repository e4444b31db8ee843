namespace Berth.Config;

/// <summary>Credentials found in an auth file.</summary>
/// <param name="Username">User name ("" with an identity token only).</param>
/// <param name="Password">Password.</param>
/// <param name="IdentityToken">OAuth identity token, or null.</param>
/// <param name="SourceFile">The file they came from.</param>
/// <param name="MatchedKey">The <c>auths</c> key that matched.</param>
public sealed record RegistryCredentials(string Username, string Password, string? IdentityToken, string SourceFile, string MatchedKey)
{
    /// <summary>Never prints the secret.</summary>
    public override string ToString() => $"credentials for '{MatchedKey}' from {SourceFile} (user '{Username}')";
}

/// <summary>The outcome of a credentials lookup in auth files.</summary>
public sealed record CredentialLookup
{
    private CredentialLookup()
    {
    }

    /// <summary>Nothing for the key in any file.</summary>
    public static CredentialLookup NotFound { get; } = new();

    /// <summary>The credentials, when a file had them.</summary>
    public RegistryCredentials? Credentials { get; private init; }

    /// <summary>
    /// The credential helper to ask (<c>docker-credential-&lt;name&gt; get</c> with <see cref="HelperRegistry"/>),
    /// when a file's <c>credHelpers</c> names one for the registry. Running it is the registry client's job.
    /// </summary>
    public string? Helper { get; private init; }

    /// <summary>The registry to pass to <see cref="Helper"/>.</summary>
    public string? HelperRegistry { get; private init; }

    /// <summary>The file with the credHelpers entry.</summary>
    public string? HelperSourceFile { get; private init; }

    /// <summary>True when neither credentials nor a helper were found.</summary>
    public bool IsNotFound => Credentials is null && Helper is null;

    internal static CredentialLookup Found(RegistryCredentials credentials) => new() { Credentials = credentials };

    internal static CredentialLookup UseHelper(string helper, string registry, string file) =>
        new() { Helper = helper, HelperRegistry = registry, HelperSourceFile = file };

    /// <summary>
    /// Looks <paramref name="key"/> up in <paramref name="files"/> in order; the first file with credentials or
    /// a helper for it wins (containers/image <c>getCredentialsFromAuthFiles</c>).
    /// </summary>
    /// <param name="files">Typically <see cref="AuthFileLocations.ReadPaths"/>.</param>
    /// <param name="key">host[:port] or host[:port]/namespace/…/repository, without tag, digest or scheme.</param>
    /// <exception cref="BerthException">InvalidArgument for a malformed key or file.</exception>
    public static CredentialLookup Find(IEnumerable<AuthFilePath> files, string key)
    {
        ArgumentNullException.ThrowIfNull(files);
        AuthKeys.Validate(key);
        foreach (var file in files)
        {
            var result = AuthFile.Load(file).FindCredentials(key);
            if (!result.IsNotFound)
            {
                return result;
            }
        }

        return NotFound;
    }
}
