using System.Net;
using System.Net.Http.Headers;
using Berth.Oci;

namespace Berth.Registry;

public sealed partial class RegistryClient
{
    /// <summary>
    /// <c>GET /v2/&lt;repository&gt;/blobs/&lt;digest&gt;</c> as a stream that verifies size and digest while it is read
    /// and throws <see cref="BerthException"/> (Internal) when they do not match. Redirects to storage hosts are
    /// followed without the registry's credentials. Dispose the stream.
    /// </summary>
    public async Task<Stream> GetBlobAsync(string repository, Descriptor blob, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentNullException.ThrowIfNull(blob);
        var operation = $"reading blob {blob.Digest} from {Where(repository)}";
        var response = await SendBlobGetAsync(repository, blob, 0, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailAsync(response, repository, operation, cancellationToken).ConfigureAwait(false);
        }

        if (response.Content.Headers.ContentLength is { } length && length != blob.Size)
        {
            response.Dispose();
            throw Corrupt(operation, $"size mismatch: the registry sends {length} bytes, expected {blob.Size}");
        }

        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new VerifyingBlobStream(response, body, blob, operation, async (offset, ct) =>
            {
                var next = await SendBlobGetAsync(repository, blob, offset, ct).ConfigureAwait(false);
                return next;
            });
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary><c>HEAD</c> of a blob: whether the repository has it.</summary>
    public async Task<bool> BlobExistsAsync(string repository, Digest digest, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        using var request = RegistryRequest.Create(HttpMethod.Head, ApiUri($"v2/{repository}/blobs/{digest}"));
        var response = await SendAsync(request, repository, [AuthScope.Pull(repository)], cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            response.Dispose();
            return false;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await FailAsync(response, repository, $"checking blob {digest} in {Where(repository)}", cancellationToken).ConfigureAwait(false);
        }

        response.Dispose();
        return true;
    }

    /// <summary>
    /// Cross-repository mount (<c>POST …/blobs/uploads/?mount=&lt;digest&gt;&amp;from=&lt;repo&gt;</c>): true when the
    /// registry linked the blob; false when it started an ordinary upload instead (which is cancelled) or does not
    /// know the blob.
    /// </summary>
    public async Task<bool> MountBlobAsync(string repository, Digest digest, string fromRepository, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentException.ThrowIfNullOrEmpty(fromRepository);
        var operation = $"mounting blob {digest} from {Where(fromRepository)} to {Where(repository)}";
        var query = $"mount={Uri.EscapeDataString(digest.ToString())}&from={Uri.EscapeDataString(fromRepository)}";
        using var request = RegistryRequest.Create(HttpMethod.Post, ApiUri($"v2/{repository}/blobs/uploads/?{query}"));
        var scopes = new[] { AuthScope.PullPush(repository), AuthScope.Pull(fromRepository) };
        var response = await SendAsync(request, repository, scopes, cancellationToken).ConfigureAwait(false);
        switch (response.StatusCode)
        {
            case HttpStatusCode.Created:
                response.Dispose();
                return true;
            case HttpStatusCode.Accepted:
                // The registry ignored the mount and opened an upload session; close it (containers/image does the same).
                var location = UploadLocation(response, operation);
                response.Dispose();
                await CancelUploadAsync(repository, location, cancellationToken).ConfigureAwait(false);
                return false;
            case HttpStatusCode.NotFound:
                response.Dispose();
                return false;
            default:
                throw await FailAsync(response, repository, operation, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<HttpResponseMessage> SendBlobGetAsync(string repository, Descriptor blob, long offset, CancellationToken cancellationToken)
    {
        using var request = RegistryRequest.Create(HttpMethod.Get, ApiUri($"v2/{repository}/blobs/{blob.Digest}"));
        if (offset > 0)
        {
            request.Headers.Range = new RangeHeaderValue(offset, null);
        }

        return await SendAsync(request, repository, [AuthScope.Pull(repository)], cancellationToken).ConfigureAwait(false);
    }
}
