using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Berth.Oci;

namespace Berth.Registry;

public sealed partial class RegistryClient
{
    /// <summary>The manifest types Berth asks for by default: OCI and Docker schema 2 manifests and indexes.</summary>
    public static IReadOnlyList<string> DefaultManifestMediaTypes { get; } =
        [MediaTypes.OciManifest, MediaTypes.OciIndex, MediaTypes.DockerManifest, MediaTypes.DockerManifestList];

    /// <summary>
    /// <c>GET /v2/&lt;repository&gt;/manifests/&lt;tagOrDigest&gt;</c>: the manifest's bytes (at most
    /// <see cref="RegistryClientOptions.MaxManifestSize"/>, checked while reading), its media type and verified digest.
    /// </summary>
    /// <param name="repository">Repository path on this endpoint.</param>
    /// <param name="tagOrDigest">A tag or a digest; a digest is verified against the bytes.</param>
    /// <param name="accept">Media types for <c>Accept</c>; null for <see cref="DefaultManifestMediaTypes"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="BerthException">NotFound ("manifest unknown"), Unauthorized, InvalidArgument for schema 1, Internal for a digest mismatch.</exception>
    public async Task<RegistryManifest> GetManifestAsync(string repository, string tagOrDigest, IReadOnlyList<string>? accept, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentException.ThrowIfNullOrEmpty(tagOrDigest);
        var operation = $"reading manifest {tagOrDigest} in {Where(repository)}";
        using var request = ManifestRequest(HttpMethod.Get, repository, tagOrDigest, accept);
        var response = await SendAsync(request, repository, [AuthScope.Pull(repository)], cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailAsync(response, repository, operation, cancellationToken).ConfigureAwait(false);
        }

        using (response)
        {
            var bytes = await ReadManifestBytesAsync(response, operation, cancellationToken).ConfigureAwait(false);
            var mediaType = ManifestMediaType(response.Content.Headers.ContentType?.MediaType, bytes, operation);

            Digest digest;
            if (Digest.TryParse(tagOrDigest, out var requested))
            {
                var actual = DigestHashing.Compute(requested.Algorithm, bytes);
                if (actual != requested)
                {
                    throw Corrupt(operation, $"manifest digest mismatch: requested {requested}, got {actual}");
                }

                digest = requested;
            }
            else
            {
                digest = Digest.Compute(bytes);
                if (HeaderDigest(response) is { } header)
                {
                    var actual = header.Algorithm == digest.Algorithm ? digest : DigestHashing.Compute(header.Algorithm, bytes);
                    if (actual != header)
                    {
                        throw Corrupt(operation, $"manifest digest mismatch: registry says {header}, content is {actual}");
                    }
                }
            }

            return new RegistryManifest(bytes, mediaType, digest);
        }
    }

    /// <summary><c>HEAD</c> of a manifest: type, digest and size without the body; null when it does not exist.</summary>
    public async Task<ManifestHead?> HeadManifestAsync(string repository, string tagOrDigest, IReadOnlyList<string>? accept, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentException.ThrowIfNullOrEmpty(tagOrDigest);
        using var request = ManifestRequest(HttpMethod.Head, repository, tagOrDigest, accept);
        var response = await SendAsync(request, repository, [AuthScope.Pull(repository)], cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            response.Dispose();
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await FailAsync(response, repository, $"checking manifest {tagOrDigest} in {Where(repository)}", cancellationToken).ConfigureAwait(false);
        }

        using (response)
        {
            return new ManifestHead(response.Content.Headers.ContentType?.MediaType, HeaderDigest(response), response.Content.Headers.ContentLength);
        }
    }

    /// <summary><c>PUT</c> a manifest under a tag or its digest; returns its digest.</summary>
    /// <exception cref="BerthException">InvalidArgument when <paramref name="tagOrDigest"/> is a digest the bytes do not have, or the registry refuses the manifest (e.g. a blob is missing).</exception>
    public async Task<Digest> PutManifestAsync(string repository, string tagOrDigest, ReadOnlyMemory<byte> manifest, string mediaType, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentException.ThrowIfNullOrEmpty(tagOrDigest);
        ArgumentException.ThrowIfNullOrEmpty(mediaType);
        var operation = $"writing manifest {tagOrDigest} to {Where(repository)}";
        var digest = Digest.Compute(manifest.Span);
        if (Digest.TryParse(tagOrDigest, out var named))
        {
            digest = DigestHashing.Compute(named.Algorithm, manifest.Span);
            if (digest != named)
            {
                throw BerthException.InvalidArgument($"{operation}: the manifest's digest is {digest}, not {named}");
            }
        }

        using var request = RegistryRequest.Create(HttpMethod.Put, ApiUri($"v2/{repository}/manifests/{tagOrDigest}"));
        request.Content = new ByteArrayContent(manifest.ToArray());
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        var response = await SendAsync(request, repository, [AuthScope.PullPush(repository)], cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailAsync(response, repository, operation, cancellationToken).ConfigureAwait(false);
        }

        using (response)
        {
            if (HeaderDigest(response) is { } header && header.Algorithm == digest.Algorithm && header != digest)
            {
                throw Corrupt(operation, $"the registry stored digest {header}, expected {digest}");
            }

            return digest;
        }
    }

    /// <summary><c>DELETE</c> a manifest by digest (registries do not delete by tag; resolve the tag first).</summary>
    public async Task DeleteManifestAsync(string repository, Digest digest, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        using var request = RegistryRequest.Create(HttpMethod.Delete, ApiUri($"v2/{repository}/manifests/{digest}"));
        var response = await SendAsync(request, repository, [new AuthScope(repository, "delete"), AuthScope.PullPush(repository)], cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailAsync(response, repository, $"deleting manifest {digest} in {Where(repository)}", cancellationToken).ConfigureAwait(false);
        }

        response.Dispose();
    }

    /// <summary>All tags of a repository, following <c>Link: &lt;…&gt;; rel="next"</c> pages.</summary>
    /// <param name="repository">Repository path on this endpoint.</param>
    /// <param name="pageSize">The <c>n</c> parameter (tags per page), or null for the registry's default.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    public async Task<IReadOnlyList<string>> ListTagsAsync(string repository, int? pageSize, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        var operation = $"listing tags of {Where(repository)}";
        var tags = new List<string>();
        Uri? next = ApiUri($"v2/{repository}/tags/list" + (pageSize is { } n ? $"?n={n}" : ""));
        for (var page = 0; next is not null; page++)
        {
            if (page == 100_000)
            {
                throw BerthException.Unavailable($"{operation}: the registry keeps sending more pages");
            }

            using var request = RegistryRequest.Create(HttpMethod.Get, next);
            var response = await SendAsync(request, repository, [AuthScope.Pull(repository)], cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await FailAsync(response, repository, operation, cancellationToken).ConfigureAwait(false);
            }

            using (response)
            {
                var body = await ReadManifestBytesAsync(response, operation, cancellationToken).ConfigureAwait(false);
                try
                {
                    tags.AddRange(JsonSerializer.Deserialize(body, RegistryJsonContext.Default.TagList)?.Tags ?? []);
                }
                catch (JsonException e)
                {
                    throw new BerthException(ErrorKind.Unavailable, $"{operation}: the registry's tag list is not valid JSON: {e.Message}", e);
                }

                next = NextPage(response, response.RequestMessage?.RequestUri ?? next);
            }
        }

        return tags;
    }

    private HttpRequestMessage ManifestRequest(HttpMethod method, string repository, string tagOrDigest, IReadOnlyList<string>? accept)
    {
        var request = RegistryRequest.Create(method, ApiUri($"v2/{repository}/manifests/{tagOrDigest}"));
        foreach (var type in accept ?? DefaultManifestMediaTypes)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        return request;
    }

    /// <summary>Reads at most the manifest size limit, refusing early on <c>Content-Length</c> and while streaming.</summary>
    private static async Task<byte[]> ReadManifestBytesAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        const int limit = RegistryClientOptions.MaxManifestSize;
        if (response.Content.Headers.ContentLength is > limit)
        {
            throw TooLarge(operation, response.Content.Headers.ContentLength.Value);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var initial = (int)Math.Min(response.Content.Headers.ContentLength ?? 16384, limit) + 1;
            var buffer = new byte[Math.Max(initial, 1024)];
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                    {
                        throw TooLarge(operation, null);
                    }

                    Array.Resize(ref buffer, Math.Min(buffer.Length * 2, limit + 1));
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > limit)
                {
                    throw TooLarge(operation, null);
                }
            }

            return buffer.AsSpan(0, length).ToArray();
        }
    }

    private static BerthException TooLarge(string operation, long? size) => BerthException.InvalidArgument(
        $"{operation}: manifest is {(size is { } s ? $"{s} bytes" : "larger than the limit")}, more than the {RegistryClientOptions.MaxManifestSize} bytes Berth accepts");

    /// <summary>The Content-Type, unless it is generic; then what the document says it is. Schema 1 is refused.</summary>
    private static string ManifestMediaType(string? contentType, byte[] bytes, string operation)
    {
        if (MediaTypes.IsSchema1(contentType))
        {
            throw Schema1(operation);
        }

        if (contentType is not (null or "" or "text/plain" or "application/json" or "application/octet-stream"))
        {
            return contentType;
        }

        ManifestProbe? probe;
        try
        {
            probe = JsonSerializer.Deserialize(bytes, OciJsonContext.Default.ManifestProbe);
        }
        catch (JsonException e)
        {
            throw new BerthException(ErrorKind.Internal, $"{operation}: the manifest is not valid JSON: {e.Message}", e);
        }

        if (probe is null || probe.SchemaVersion == 1 || MediaTypes.IsSchema1(probe.MediaType) || probe.FsLayers is not null)
        {
            throw Schema1(operation);
        }

        if (!string.IsNullOrEmpty(probe.MediaType))
        {
            return probe.MediaType;
        }

        return probe.Manifests is not null ? MediaTypes.OciIndex : MediaTypes.OciManifest;
    }

    private static BerthException Schema1(string operation) => BerthException.InvalidArgument(
        $"manifest schema 1 images are not supported: {operation}: the image uses Docker's deprecated schema 1 format (ask its publisher for a schema 2 or OCI image)");

    /// <summary>The <c>rel="next"</c> target of the <c>Link</c> header, resolved against the current page.</summary>
    internal static Uri? NextPage(HttpResponseMessage response, Uri current)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            foreach (var link in value.Split(','))
            {
                var open = link.IndexOf('<', StringComparison.Ordinal);
                var close = link.IndexOf('>', StringComparison.Ordinal);
                if (open < 0 || close < open)
                {
                    continue;
                }

                var parameters = link[(close + 1)..];
                if (parameters.Contains("rel=\"next\"", StringComparison.OrdinalIgnoreCase) || parameters.Contains("rel=next", StringComparison.OrdinalIgnoreCase))
                {
                    return new Uri(current, link[(open + 1)..close]);
                }
            }
        }

        return null;
    }
}
