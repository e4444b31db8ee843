using System.Text.Json;

namespace Berth.Config;

/// <summary>A credentials file to read: its path and whether it is the legacy <c>~/.dockercfg</c> format (registry map at the top).</summary>
public sealed record AuthFilePath(string Path, bool LegacyFormat = false);

/// <summary>One <c>auths</c> entry: base64 <c>user:password</c> and/or an identity token.</summary>
public sealed record AuthFileEntry(string? Auth, string? IdentityToken);

/// <summary>
/// The contents of one containers-auth.json(5) / Docker config.json file. A missing file reads as empty,
/// as upstream does.
/// </summary>
public sealed record AuthFile
{
    /// <summary>Where the file is.</summary>
    public required AuthFilePath Source { get; init; }

    /// <summary>Whether the file existed.</summary>
    public bool Exists { get; init; }

    /// <summary><c>auths</c>: key (host[:port][/namespace…], or a legacy URL) → entry, in file order.</summary>
    public IReadOnlyDictionary<string, AuthFileEntry> Auths { get; init; } = new Dictionary<string, AuthFileEntry>();

    /// <summary><c>credHelpers</c>: registry host → helper name (<c>docker-credential-&lt;name&gt;</c>).</summary>
    public IReadOnlyDictionary<string, string> CredHelpers { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// <c>credsStore</c> (Docker's default helper). Read for completeness; containers/image does not consult it,
    /// and neither does <see cref="FindCredentials"/>.
    /// </summary>
    public string? CredsStore { get; init; }

    /// <summary>Reads <paramref name="source"/>; a missing file is an empty one.</summary>
    /// <exception cref="BerthException">InvalidArgument naming file, line and column when the JSON is malformed.</exception>
    public static AuthFile Load(AuthFilePath source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var bytes = ConfigFiles.ReadBytesOptional(source.Path);
        if (bytes is null)
        {
            return new AuthFile { Source = source };
        }

        try
        {
            if (source.LegacyFormat)
            {
                var legacy = JsonSerializer.Deserialize(bytes, ConfigJsonContext.Lenient.DictionaryStringAuthEntryDto);
                return new AuthFile { Source = source, Exists = true, Auths = ToEntries(legacy) };
            }

            var dto = JsonSerializer.Deserialize(bytes, ConfigJsonContext.Lenient.AuthFileDto);
            return new AuthFile
            {
                Source = source,
                Exists = true,
                Auths = ToEntries(dto?.Auths),
                CredHelpers = (dto?.CredHelpers ?? []).Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal),
                CredsStore = string.IsNullOrEmpty(dto?.CredsStore) ? null : dto.CredsStore,
            };
        }
        catch (JsonException e)
        {
            throw JsonPositions.FromJsonException(source.Path, e, null);
        }
    }

    /// <summary>
    /// What this one file says about <paramref name="key"/> (a registry host, or host/namespace/…/repository),
    /// with containers/image's rules: a <c>credHelpers</c> entry for the registry wins; then <c>auths</c> keys from
    /// the most specific (the whole key) to the registry; then legacy keys whose normalised host is the registry
    /// (<c>https://index.docker.io/v1/</c> for docker.io). An entry whose <c>auth</c> has no colon counts as nothing.
    /// </summary>
    public CredentialLookup FindCredentials(string key)
    {
        var registry = AuthKeys.Validate(key);
        if (CredHelpers.TryGetValue(registry, out var helper))
        {
            return CredentialLookup.UseHelper(helper, registry, Source.Path);
        }

        foreach (var candidate in AuthKeys.LookupOrder(key, registry, Source.LegacyFormat))
        {
            if (Auths.TryGetValue(candidate, out var entry))
            {
                return Decode(candidate, entry);
            }
        }

        var normalized = AuthKeys.NormalizeRegistry(registry);
        foreach (var (candidate, entry) in Auths)
        {
            if (AuthKeys.NormalizeAuthFileKey(candidate, Source.LegacyFormat) == normalized)
            {
                return Decode(candidate, entry);
            }
        }

        return CredentialLookup.NotFound;
    }

    private CredentialLookup Decode(string key, AuthFileEntry entry)
    {
        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(entry.Auth ?? "");
        }
        catch (FormatException)
        {
            throw BerthException.InvalidArgument($"{Source.Path}: the \"auth\" field of \"{key}\" is not valid base64 (log in again, or fix or remove the entry)");
        }

        var text = System.Text.Encoding.UTF8.GetString(decoded);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            // Docker writes "auths": {"host": {}} when a credential helper holds the secret; upstream moves on.
            return CredentialLookup.NotFound;
        }

        return CredentialLookup.Found(new RegistryCredentials(text[..colon], text[(colon + 1)..].Trim('\0'), entry.IdentityToken, Source.Path, key));
    }

    private static Dictionary<string, AuthFileEntry> ToEntries(Dictionary<string, AuthEntryDto?>? auths) =>
        (auths ?? []).ToDictionary(kv => kv.Key, kv => new AuthFileEntry(kv.Value?.Auth, kv.Value?.IdentityToken), StringComparer.Ordinal);
}
