using System.Net;
using System.Net.Http.Headers;

namespace Berth.TestSupport;

/// <summary>The smallest possible distribution-API uploads, with a plain <see cref="HttpClient"/> (no retries, no auth dance).</summary>
public static class RawRegistryPush
{
    /// <summary>Uploads a blob monolithically (<c>POST</c> then <c>PUT ?digest=</c>); skips it when the registry has it.</summary>
    public static async Task PushBlobAsync(HttpClient http, string repository, TestBlob blob, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(blob);
        using (var head = new HttpRequestMessage(HttpMethod.Head, $"v2/{repository}/blobs/{blob.Digest}"))
        using (var exists = await http.SendAsync(head, cancellationToken).ConfigureAwait(false))
        {
            if (exists.StatusCode == HttpStatusCode.OK)
            {
                return;
            }
        }

        using var start = await http.PostAsync($"v2/{repository}/blobs/uploads/", null, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(start, HttpStatusCode.Accepted, $"starting upload of {blob.Digest}", cancellationToken).ConfigureAwait(false);
        var location = start.Headers.Location ?? throw new InvalidOperationException("registry sent no upload location");
        if (!location.IsAbsoluteUri)
        {
            location = new Uri(http.BaseAddress!, location);
        }

        var separator = location.Query.Length > 0 ? "&" : "?";
        using var content = new ByteArrayContent(blob.Content);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = await http.PutAsync(new Uri(location + separator + "digest=" + Uri.EscapeDataString(blob.Digest.ToString())), content, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(put, HttpStatusCode.Created, $"uploading {blob.Digest}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>PUT</c>s a manifest under a tag or digest.</summary>
    public static async Task PushManifestAsync(HttpClient http, string repository, string reference, byte[] manifest, string mediaType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var content = new ByteArrayContent(manifest);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var put = await http.PutAsync($"v2/{repository}/manifests/{reference}", content, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(put, HttpStatusCode.Created, $"putting manifest {repository}:{reference}", cancellationToken).ConfigureAwait(false);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, string what, CancellationToken cancellationToken)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {response.ReasonPhrase}: {body}");
        }
    }
}
