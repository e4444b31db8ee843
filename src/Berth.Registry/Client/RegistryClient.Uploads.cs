using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Berth.Oci;

namespace Berth.Registry;

public sealed partial class RegistryClient
{
    private const string OctetStream = "application/octet-stream";

    /// <summary>
    /// Uploads a blob (distribution-spec "pushing blobs"): <c>POST</c> to open a session, then either one
    /// <c>PUT …?digest=</c> with the whole content (blobs up to <see cref="RegistryClientOptions.ChunkedUploadThreshold"/>)
    /// or <c>PATCH</c> chunks of <see cref="RegistryClientOptions.UploadChunkSize"/> and a closing <c>PUT</c>. The
    /// registry's <c>Docker-Content-Digest</c> must match the descriptor.
    /// </summary>
    /// <param name="repository">Repository path on this endpoint.</param>
    /// <param name="blob">Digest and size of the content.</param>
    /// <param name="content">Opens the content from its start; called again when a request must be repeated.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <exception cref="BerthException">InvalidArgument when the content does not match <paramref name="blob"/>.</exception>
    public async Task PushBlobAsync(string repository, Descriptor blob, Func<Stream> content, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(content);
        var operation = $"uploading blob {blob.Digest} to {Where(repository)}";
        var location = await StartUploadAsync(repository, operation, cancellationToken).ConfigureAwait(false);
        try
        {
            HttpContent? finalBody = null;
            if (blob.Size <= _options.ChunkedUploadThreshold)
            {
                finalBody = new ReplayableContent(content, blob.Size, OctetStream);
            }
            else
            {
                location = await UploadChunksAsync(repository, blob, content, location, operation, cancellationToken).ConfigureAwait(false);
            }

            using var put = RegistryRequest.Create(HttpMethod.Put, WithQuery(location, "digest", blob.Digest.ToString()));
            put.Content = finalBody ?? new ByteArrayContent([]);
            if (finalBody is null)
            {
                put.Content.Headers.ContentType = new MediaTypeHeaderValue(OctetStream);
            }

            var response = await SendAsync(put, repository, [AuthScope.PullPush(repository)], cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await FailAsync(response, repository, operation, cancellationToken).ConfigureAwait(false);
            }

            using (response)
            {
                if (HeaderDigest(response) is { } stored && stored != blob.Digest)
                {
                    throw Corrupt(operation, $"the registry stored digest {stored}, expected {blob.Digest}");
                }
            }

            location = null;
        }
        finally
        {
            if (location is not null)
            {
                await CancelUploadAsync(repository, location, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async Task<Uri> StartUploadAsync(string repository, string operation, CancellationToken cancellationToken)
    {
        using var request = RegistryRequest.Create(HttpMethod.Post, ApiUri($"v2/{repository}/blobs/uploads/"));
        var response = await SendAsync(request, repository, [AuthScope.PullPush(repository)], cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw await FailAsync(response, repository, operation, cancellationToken).ConfigureAwait(false);
        }

        using (response)
        {
            return UploadLocation(response, operation);
        }
    }

    /// <summary>PATCHes the content chunk by chunk, hashing it; returns the location for the closing PUT.</summary>
    private async Task<Uri> UploadChunksAsync(string repository, Descriptor blob, Func<Stream> content, Uri location, string operation, CancellationToken cancellationToken)
    {
        var buffer = new byte[(int)Math.Min(Math.Max(1, _options.UploadChunkSize), blob.Size)];
        using var hash = IncrementalHash.CreateHash(DigestHashing.AlgorithmOf(blob.Digest));
        var source = content();
        await using (source.ConfigureAwait(false))
        {
            long offset = 0;
            while (true)
            {
                var filled = 0;
                int read;
                while (filled < buffer.Length && (read = await source.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    filled += read;
                }

                if (filled == 0)
                {
                    break;
                }

                if (offset + filled > blob.Size)
                {
                    throw BerthException.InvalidArgument($"{operation}: the content is longer than the {blob.Size} bytes its descriptor says");
                }

                hash.AppendData(buffer, 0, filled);
                using var patch = RegistryRequest.Create(HttpMethod.Patch, location);
                patch.Content = new ByteArrayContent(buffer, 0, filled);
                patch.Content.Headers.ContentType = new MediaTypeHeaderValue(OctetStream);
                patch.Content.Headers.TryAddWithoutValidation("Content-Range", string.Create(CultureInfo.InvariantCulture, $"{offset}-{offset + filled - 1}"));
                var response = await SendAsync(patch, repository, [AuthScope.PullPush(repository)], cancellationToken).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    throw await FailAsync(response, repository, operation, cancellationToken).ConfigureAwait(false);
                }

                using (response)
                {
                    location = UploadLocation(response, operation);
                }

                offset += filled;
            }

            if (offset != blob.Size)
            {
                throw BerthException.InvalidArgument($"{operation}: the content is {offset} bytes, its descriptor says {blob.Size}");
            }

            var actual = DigestHashing.Finish(hash, blob.Digest.Algorithm);
            if (actual != blob.Digest)
            {
                throw BerthException.InvalidArgument($"{operation}: the content's digest is {actual}, its descriptor says {blob.Digest}");
            }
        }

        return location;
    }

    /// <summary>Best-effort <c>DELETE</c> of an upload session.</summary>
    private async Task CancelUploadAsync(string repository, Uri location, CancellationToken cancellationToken)
    {
        try
        {
            using var request = RegistryRequest.Create(HttpMethod.Delete, location);
            using var response = await SendAsync(request, repository, [AuthScope.PullPush(repository)], cancellationToken).ConfigureAwait(false);
        }
        catch (BerthException)
        {
            // The session expires on its own; the original failure is what matters.
        }
    }

    private static Uri UploadLocation(HttpResponseMessage response, string operation)
    {
        if (response.Headers.Location is not { } location)
        {
            throw BerthException.Unavailable($"{operation}: the registry sent no upload location");
        }

        return location.IsAbsoluteUri ? location : new Uri(response.RequestMessage!.RequestUri!, location);
    }

    private static Uri WithQuery(Uri uri, string name, string value)
    {
        var builder = new UriBuilder(uri);
        var query = builder.Query.TrimStart('?');
        builder.Query = (query.Length > 0 ? query + "&" : "") + Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value);
        return builder.Uri;
    }
}
