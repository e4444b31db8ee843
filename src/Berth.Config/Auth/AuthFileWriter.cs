using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Config;

/// <summary>What a <c>logout</c> did.</summary>
/// <param name="Removed">Whether the file had credentials for the key (false is podman's "not logged in").</param>
/// <param name="CredentialHelper">A <c>credHelpers</c> entry for the key: the caller must also erase from that helper.</param>
public sealed record AuthFileRemoval(bool Removed, string? CredentialHelper);

/// <summary>
/// Edits auth files for <c>login</c>/<c>logout</c> (containers/image <c>SetCredentials</c>, <c>RemoveAuthentication</c>).
/// Each edit reads the file, changes <c>auths</c>, keeps every other member as it was, and replaces the file
/// atomically with mode 0600 (creating its directory with mode 0700).
/// </summary>
public static class AuthFileWriter
{
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Stores <paramref name="username"/>:<paramref name="password"/> for <paramref name="key"/>.</summary>
    /// <param name="locations">From <see cref="AuthFileLocator.Locate"/>.</param>
    /// <param name="key">host[:port] or host[:port]/namespace/…/repository.</param>
    /// <param name="username">User name.</param>
    /// <param name="password">Password or token.</param>
    /// <returns>Null when stored in the file; a helper name when the file's <c>credHelpers</c> sends this registry to a helper (nothing was written; store it there).</returns>
    public static string? SetCredentials(AuthFileLocations locations, string key, string username, string password)
    {
        ArgumentNullException.ThrowIfNull(locations);
        var (target, fileKey, namespaced) = Prepare(locations, key);
        var root = ReadRoot(target.Path);
        if (Helper(root, fileKey) is { } helper)
        {
            return namespaced
                ? throw BerthException.InvalidArgument($"namespaced key is not supported for credential helper {helper}")
                : helper;
        }

        var auths = Object(root, "auths");
        auths[fileKey] = new JsonObject { ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(username + ":" + password)) };
        Save(target.Path, root);
        return null;
    }

    /// <summary>Removes the credentials for <paramref name="key"/>.</summary>
    public static AuthFileRemoval RemoveCredentials(AuthFileLocations locations, string key)
    {
        ArgumentNullException.ThrowIfNull(locations);
        var (target, fileKey, _) = Prepare(locations, key);
        var root = ReadRoot(target.Path);
        var helper = Helper(root, fileKey);
        var removed = root["auths"] is JsonObject auths && auths.Remove(fileKey);
        if (removed)
        {
            Save(target.Path, root);
        }

        return new AuthFileRemoval(removed, helper);
    }

    /// <summary>
    /// Removes every credential (<c>logout --all</c>). Returns the file's <c>credHelpers</c> entries (registry →
    /// helper) so the caller can erase those registries from their helpers too.
    /// </summary>
    public static IReadOnlyDictionary<string, string> RemoveAll(AuthFileLocations locations)
    {
        ArgumentNullException.ThrowIfNull(locations);
        var target = WriteTarget(locations);
        var root = ReadRoot(target.Path);
        var helpers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root["credHelpers"] is JsonObject ch)
        {
            foreach (var (registry, value) in ch)
            {
                if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                {
                    helpers[registry] = v.GetValue<string>();
                }
            }
        }

        root["auths"] = new JsonObject();
        root["credHelpers"] = new JsonObject();
        Save(target.Path, root);
        return helpers;
    }

    private static (AuthFilePath Target, string FileKey, bool Namespaced) Prepare(AuthFileLocations locations, string key)
    {
        AuthKeys.Validate(key);
        var namespaced = AuthKeys.IsNamespaced(key);
        var target = WriteTarget(locations);
        if (locations.WriteDockerCompatible)
        {
            if (namespaced)
            {
                throw BerthException.InvalidArgument($"Credentials cannot be recorded in Docker-compatible format with namespaced key \"{key}\" (log in to the registry host)");
            }

            if (key == "docker.io")
            {
                key = "https://index.docker.io/v1/";
            }
        }

        return (target, key, namespaced);
    }

    private static AuthFilePath WriteTarget(AuthFileLocations locations)
    {
        if (locations.WritePathProblem is { } problem)
        {
            throw BerthException.NotFound(problem);
        }

        return locations.WritePath.LegacyFormat
            ? throw BerthException.InvalidArgument($"writes to {locations.WritePath.Path} using legacy format are not supported")
            : locations.WritePath;
    }

    private static JsonObject ReadRoot(string path)
    {
        var bytes = ConfigFiles.ReadBytesOptional(path);
        if (bytes is null)
        {
            return new JsonObject { ["auths"] = new JsonObject() };
        }

        try
        {
            return JsonNode.Parse(bytes) as JsonObject
                ?? throw BerthException.InvalidArgument($"{path}: invalid JSON: the top level must be an object (fix or remove the file)");
        }
        catch (JsonException e)
        {
            throw JsonPositions.FromJsonException(path, e, null);
        }
    }

    private static string? Helper(JsonObject root, string key) =>
        root["credHelpers"] is JsonObject helpers && helpers[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : null;

    private static JsonObject Object(JsonObject root, string name)
    {
        if (root[name] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        root[name] = created;
        return created;
    }

    private static void Save(string path, JsonObject root)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, IndentCharacter = '\t', IndentSize = 1, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            root.WriteTo(writer);
        }

        buffer.WriteByte((byte)'\n');
        AtomicFile.Write(path, buffer.GetBuffer().AsSpan(0, (int)buffer.Length), FileMode, DirectoryMode);
    }
}
