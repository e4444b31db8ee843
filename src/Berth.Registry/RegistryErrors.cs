using System.Net;
using System.Text.Json;

namespace Berth.Registry;

/// <summary>
/// The one place where registry answers become <see cref="BerthException"/>s: HTTP statuses and the distribution
/// spec's error codes (<c>{"errors":[{"code","message"}]}</c>) mapped to kinds and to messages that say what to do.
/// </summary>
internal static class RegistryErrors
{
    public const string TlsHint = "(use --tls-verify=false only for a registry you trust on your own network)";

    private const int MaxErrorBody = 64 * 1024;

    public static BerthException AuthenticationRequired(string registry) =>
        new(ErrorKind.Unauthorized, $"authentication required for {registry}: log in with `berth login {registry}`");

    public static BerthException InvalidCredentials(string registry, string? detail = null) =>
        new(ErrorKind.Unauthorized, $"authenticating to {registry}: invalid username/password{Suffix(detail)} (check the credentials, or log in again with `berth login {registry}`)");

    public static BerthException Denied(string registry, string? repository, string? detail = null) =>
        new(ErrorKind.Unauthorized, repository is null
            ? $"access to {registry} denied{Suffix(detail)}"
            : $"access to {repository} on {registry} denied{Suffix(detail)} (check that the repository exists and that you may use it; log in with `berth login {registry}`)");

    public static BerthException Unauthorized(string registry, bool credentialsUsed) =>
        credentialsUsed ? InvalidCredentials(registry) : AuthenticationRequired(registry);

    /// <summary>Reads the error body (bounded) and maps the response to an exception; disposes the response.</summary>
    /// <param name="response">A response whose status says it failed.</param>
    /// <param name="registry">The registry's name, for messages.</param>
    /// <param name="repository">The repository the request was about, or null.</param>
    /// <param name="operation">What was being done, e.g. <c>reading manifest latest in quay.io/foo</c>.</param>
    /// <param name="credentialsUsed">Whether the request carried credentials (for 401).</param>
    public static async Task<BerthException> FromResponseAsync(
        HttpResponseMessage response, string registry, string? repository, string operation, bool credentialsUsed, CancellationToken cancellationToken)
    {
        using (response)
        {
            var errors = await ReadErrorsAsync(response, cancellationToken).ConfigureAwait(false);
            return FromStatus(response.StatusCode, response.ReasonPhrase, errors, registry, repository, operation, credentialsUsed);
        }
    }

    /// <summary>The status/code switch.</summary>
    public static BerthException FromStatus(
        HttpStatusCode status, string? reason, IReadOnlyList<DistributionError> errors, string registry, string? repository, string operation, bool credentialsUsed)
    {
        var codes = errors.Select(e => e.Code ?? "").ToHashSet(StringComparer.Ordinal);
        var text = Describe(errors);
        if (status == HttpStatusCode.Unauthorized || codes.Contains("UNAUTHORIZED"))
        {
            return Unauthorized(registry, credentialsUsed);
        }

        if (status == HttpStatusCode.Forbidden || codes.Contains("DENIED"))
        {
            return Denied(registry, repository, text);
        }

        if (codes.Overlaps(["MANIFEST_UNKNOWN", "NAME_UNKNOWN", "BLOB_UNKNOWN", "BLOB_UPLOAD_UNKNOWN", "MANIFEST_BLOB_UNKNOWN"]))
        {
            return BerthException.NotFound($"{operation}: {text}");
        }

        if (status == HttpStatusCode.NotFound)
        {
            return BerthException.NotFound($"{operation}: {text ?? "not found"}");
        }

        if (status == HttpStatusCode.TooManyRequests || codes.Contains("TOOMANYREQUESTS"))
        {
            return BerthException.Unavailable($"{operation}: too many requests to {registry}{Suffix(text)} (wait and try again)");
        }

        var statusText = $"received unexpected HTTP status: {(int)status} {reason}".TrimEnd();
        if (status == HttpStatusCode.MethodNotAllowed || codes.Contains("UNSUPPORTED"))
        {
            return BerthException.InvalidArgument($"{operation}: {registry} does not support this operation{Suffix(text ?? statusText)}");
        }

        if ((int)status is >= 400 and < 500)
        {
            return BerthException.InvalidArgument($"{operation}: {text ?? statusText}");
        }

        return BerthException.Unavailable($"{operation}: {statusText}{Suffix(text)}");
    }

    /// <summary>The errors of a distribution error body; empty when the body is not one.</summary>
    public static async Task<IReadOnlyList<DistributionError>> ReadErrorsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[MaxErrorBody];
                var length = 0;
                int read;
                while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    length += read;
                }

                return ParseErrors(buffer.AsSpan(0, length));
            }
        }
        catch (HttpRequestException)
        {
            return [];
        }
        catch (IOException)
        {
            return [];
        }
    }

    public static IReadOnlyList<DistributionError> ParseErrors(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return [];
        }

        try
        {
            var parsed = JsonSerializer.Deserialize(body, RegistryJsonContext.Default.DistributionErrorResponse);
            return parsed?.Errors ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>"manifest unknown; name unknown: …" from the errors, or null when there are none.</summary>
    private static string? Describe(IReadOnlyList<DistributionError> errors)
    {
        if (errors.Count == 0)
        {
            return null;
        }

        return string.Join("; ", errors.Select(e => string.IsNullOrWhiteSpace(e.Message) ? CodeText(e.Code) : e.Message));
    }

    private static string CodeText(string? code) => code switch
    {
        "MANIFEST_UNKNOWN" => "manifest unknown",
        "NAME_UNKNOWN" => "repository name not known to registry",
        "BLOB_UNKNOWN" => "blob unknown to registry",
        "BLOB_UPLOAD_UNKNOWN" => "blob upload unknown to registry",
        "MANIFEST_BLOB_UNKNOWN" => "manifest references a manifest or blob unknown to registry",
        "DENIED" => "requested access to the resource is denied",
        "UNAUTHORIZED" => "authentication required",
        "TOOMANYREQUESTS" => "too many requests",
        "DIGEST_INVALID" => "provided digest did not match uploaded content",
        "MANIFEST_INVALID" => "manifest invalid",
        "NAME_INVALID" => "invalid repository name",
        "TAG_INVALID" => "manifest tag did not match URI",
        "SIZE_INVALID" => "provided length did not match content length",
        "UNSUPPORTED" => "the operation is unsupported",
        null or "" => "unknown error",
        _ => code.ToLowerInvariant().Replace('_', ' '),
    };

    private static string Suffix(string? detail) => string.IsNullOrEmpty(detail) ? "" : ": " + detail;
}
