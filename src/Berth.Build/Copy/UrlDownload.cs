using System.Globalization;
using System.Net;
using System.Security.Cryptography;

namespace Berth.Build.Copy;

/// <summary>
/// An ADD URL fetched into an anonymous temporary file before anything is written to the root file system, so a failed
/// download or a checksum mismatch changes nothing. The file keeps buildah's facts: its name is the last element of
/// the URL's path (query ignored), its modification time the response's Last-Modified (now when there is none).
/// </summary>
internal sealed class UrlDownload : IDisposable
{
    private readonly FileStream _content;

    private UrlDownload(FileStream content, string path, string name, DateTimeOffset? lastModified)
    {
        _content = content;
        TemporaryPath = path;
        Name = name;
        LastModified = lastModified;
    }

    /// <summary>The downloaded bytes, deleted when this is disposed.</summary>
    public string TemporaryPath { get; }

    /// <summary>The file name the URL gives (the last element of its path); "" when it has none.</summary>
    public string Name { get; }

    public DateTimeOffset? LastModified { get; }

    public static async Task<UrlDownload> FetchAsync(HttpClient client, Uri url, CopyChecksum? checksum, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), "berth-add-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture));
        var content = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 0, FileOptions.DeleteOnClose);
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new BerthException(
                    response.StatusCode == HttpStatusCode.NotFound ? ErrorKind.NotFound : ErrorKind.Unavailable,
                    $"reading \"{url}\": invalid response status {(int)response.StatusCode}");
            }

            using var hash = checksum is null ? null : IncrementalHash.CreateHash(checksum.Algorithm);
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var buffer = new byte[128 * 1024];
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash?.AppendData(buffer, 0, read);
                    await content.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }

            await content.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (checksum is not null)
            {
                var actual = Convert.ToHexStringLower(hash!.GetHashAndReset());
                if (actual != checksum.Hex)
                {
                    throw BerthException.InvalidArgument(
                        $"checksum mismatch for \"{url}\": expected {checksum.Algorithm.Name!.ToLowerInvariant()}:{checksum.Hex}, got {checksum.Algorithm.Name!.ToLowerInvariant()}:{actual}");
                }
            }

            return new UrlDownload(content, path, NameOf(url), response.Content.Headers.LastModified);
        }
        catch (HttpRequestException e)
        {
            await content.DisposeAsync().ConfigureAwait(false);
            throw new BerthException(ErrorKind.Unavailable, $"reading \"{url}\": {e.Message}", e);
        }
        catch
        {
            await content.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Go's <c>path.Base</c> of the URL's (unescaped) path, as buildah names downloads; "" for none.</summary>
    public static string NameOf(Uri url)
    {
        var path = Uri.UnescapeDataString(url.AbsolutePath).TrimEnd('/');
        var slash = path.LastIndexOf('/');
        var name = slash < 0 ? path : path[(slash + 1)..];
        return name is "." or ".." ? "" : name;
    }

    public void Dispose() => _content.Dispose();
}

/// <summary><c>ADD --checksum=&lt;algorithm&gt;:&lt;hex&gt;</c> for sha256, sha384 and sha512.</summary>
public sealed record CopyChecksum(HashAlgorithmName Algorithm, string Hex)
{
    public static CopyChecksum Parse(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var (algorithm, length) = (colon < 0 ? "" : value[..colon]) switch
        {
            "sha256" => (HashAlgorithmName.SHA256, 64),
            "sha384" => (HashAlgorithmName.SHA384, 96),
            "sha512" => (HashAlgorithmName.SHA512, 128),
            _ => (default(HashAlgorithmName), 0),
        };
        var hex = colon < 0 ? "" : value[(colon + 1)..];
        if (length == 0 || hex.Length != length || !hex.All(char.IsAsciiHexDigitLower))
        {
            throw BerthException.InvalidArgument($"invalid checksum \"{value}\": expected sha256:<hex>, sha384:<hex> or sha512:<hex> (lower-case hex digits)");
        }

        return new CopyChecksum(algorithm, hex);
    }
}
