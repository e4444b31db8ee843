using System.Diagnostics;
using Berth.Archive;
using Berth.Oci;

namespace Berth.Build.Context;

/// <summary>
/// Brings a context that is not a local directory into a temporary directory: tar archives (plain, gzip, zstd) are
/// unpacked with <see cref="LayerApplier"/> (hostile names, links and <c>..</c> stay inside), any other download or
/// standard input is taken as the Containerfile (written as <c>Dockerfile</c>, as podman does), git URLs are cloned
/// with the git program.
/// </summary>
internal static class ContextFetcher
{
    private static readonly Lazy<HttpClient> s_client = new(() => new HttpClient());

    /// <summary>Whether podman treats <paramref name="location"/> as something to download (buildah's TempDirForURL).</summary>
    public static bool IsRemote(string location) =>
        location.StartsWith("http://", StringComparison.Ordinal) || location.StartsWith("https://", StringComparison.Ordinal) ||
        location.StartsWith("git://", StringComparison.Ordinal) || location.StartsWith("github.com/", StringComparison.Ordinal);

    /// <summary>Fetches <paramref name="url"/> into <paramref name="directory"/>; returns the context's subdirectory ("" for the top).</summary>
    public static async Task<string> FetchAsync(string url, string directory, BuildContextRequest request, CancellationToken cancellationToken)
    {
        var (repository, reference, subdirectory) = SplitFragment(url);
        if (url.StartsWith("git://", StringComparison.Ordinal) || (Uri.TryCreate(repository, UriKind.Absolute, out var uri) && uri.AbsolutePath.EndsWith(".git", StringComparison.Ordinal)))
        {
            await CloneAsync(repository, reference, directory, request.GitProgram, cancellationToken).ConfigureAwait(false);
            return CheckSubdirectory(directory, subdirectory, url);
        }

        var subdir = "";
        if (url.StartsWith("github.com/", StringComparison.Ordinal))
        {
            subdir = url.TrimEnd('/')[(url.TrimEnd('/').LastIndexOf('/') + 1)..] + "-master";
            url = $"https://{url}/archive/master.tar.gz";
        }

        var client = request.HttpClient ?? s_client.Value;
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw BerthException.Unavailable($"downloading {GoFilePath.Quote(url)}: {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            await UnpackAsync(body, directory, url, cancellationToken).ConfigureAwait(false);
        }

        return subdir;
    }

    /// <summary>
    /// Spools <paramref name="input"/> to a file beside <paramref name="directory"/>, then unpacks it there when it is a
    /// (compressed) tar archive, else writes it as <c>Dockerfile</c>. Empty input is an error ("no contents in …").
    /// </summary>
    public static async Task UnpackAsync(Stream input, string directory, string what, CancellationToken cancellationToken)
    {
        var spool = directory + ".download";
        try
        {
            var spooled = File.Create(spool);
            await using (spooled.ConfigureAwait(false))
            {
                await input.CopyToAsync(spooled, cancellationToken).ConfigureAwait(false);
            }

            if (new FileInfo(spool).Length == 0)
            {
                throw BerthException.InvalidArgument($"no contents in {GoFilePath.Quote(what)}");
            }

            if (await IsTarArchiveAsync(spool, cancellationToken).ConfigureAwait(false))
            {
                await ExtractAsync(spool, directory, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                File.Move(spool, Path.Join(directory, "Dockerfile"));
            }
        }
        finally
        {
            File.Delete(spool);
        }
    }

    /// <summary>Unpacks the archive file <paramref name="archive"/> into <paramref name="directory"/>, safely.</summary>
    public static async Task ExtractAsync(string archive, string directory, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(archive);
        await using (stream.ConfigureAwait(false))
        {
            var options = new LayerApplyOptions { PreserveOwnership = Environment.IsPrivilegedProcess };
            await LayerApplier.ApplyAsync(stream, LayerCompression.None, directory, options, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether the file is a tar archive, possibly gzip or zstd compressed: its first header's checksum is right.</summary>
    public static async Task<bool> IsTarArchiveAsync(string file, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(file);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                var (_, decompressed) = await Decompression.OpenDetectedAsync(stream, leaveOpen: true, cancellationToken).ConfigureAwait(false);
                await using (decompressed.ConfigureAwait(false))
                {
                    var header = new byte[512];
                    var got = await decompressed.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                    return got == header.Length && HasValidChecksum(header);
                }
            }
            catch (Exception e) when (e is InvalidDataException or IOException or ZstdSharp.ZstdException)
            {
                return false;
            }
        }
    }

    private static bool HasValidChecksum(ReadOnlySpan<byte> header)
    {
        // The checksum field: octal digits, optionally after spaces, ended by NUL or space.
        var field = header.Slice(148, 8);
        var i = 0;
        while (i < field.Length && field[i] == ' ')
        {
            i++;
        }

        long stored = 0;
        var digits = 0;
        for (; i < field.Length && field[i] is >= (byte)'0' and <= (byte)'7'; i++, digits++)
        {
            stored = (stored * 8) + (field[i] - '0');
        }

        for (; i < field.Length; i++)
        {
            if (field[i] is not (0 or (byte)' '))
            {
                return false;
            }
        }

        long sum = 0;
        for (var j = 0; j < header.Length; j++)
        {
            sum += j is >= 148 and < 156 ? ' ' : header[j];
        }

        return digits > 0 && stored == sum;
    }

    // "repo.git#ref:subdir" as buildah splits it.
    private static (string Repository, string Reference, string Subdirectory) SplitFragment(string url)
    {
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        if (hash < 0)
        {
            return (url, "", "");
        }

        var fragment = url[(hash + 1)..];
        var colon = fragment.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (url[..hash], fragment, "") : (url[..hash], fragment[..colon], fragment[(colon + 1)..]);
    }

    private static string CheckSubdirectory(string directory, string subdirectory, string url)
    {
        if (subdirectory.Length == 0)
        {
            return "";
        }

        var clean = GoFilePath.Clean(subdirectory).TrimStart('/');
        if (clean == ".." || clean.StartsWith("../", StringComparison.Ordinal) || !Directory.Exists(Path.Join(directory, clean)))
        {
            throw BerthException.NotFound($"{GoFilePath.Quote(subdirectory)} is not a directory in the repository {GoFilePath.Quote(url)}");
        }

        return clean == "." ? "" : clean;
    }

    private static async Task CloneAsync(string repository, string reference, string directory, string git, CancellationToken cancellationToken)
    {
        var fetch = reference.Length == 0 ? "HEAD" : reference;
        await GitAsync(git, directory, cancellationToken, "init", "-q", directory).ConfigureAwait(false);
        await GitAsync(git, directory, cancellationToken, "remote", "add", "origin", repository).ConfigureAwait(false);
        try
        {
            await GitAsync(git, directory, cancellationToken, "fetch", "-q", "--depth=1", "origin", "--", fetch).ConfigureAwait(false);
        }
        catch (BerthException)
        {
            // Servers without shallow support (git's "dumb" HTTP) need the whole history.
            await GitAsync(git, directory, cancellationToken, "fetch", "-q", "origin", "--", fetch).ConfigureAwait(false);
        }

        await GitAsync(git, directory, cancellationToken, "checkout", "-q", "FETCH_HEAD").ConfigureAwait(false);
    }

    private static async Task GitAsync(string git, string directory, CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo(git)
        {
            WorkingDirectory = Directory.Exists(directory) ? directory : Path.GetDirectoryName(directory)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw BerthException.Unavailable($"cannot run {git}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw BerthException.Unavailable($"cannot run {git}: {e.Message}", e);
        }

        using (process)
        {
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var text = (await output.ConfigureAwait(false)) + (await error.ConfigureAwait(false));
            if (process.ExitCode != 0)
            {
                throw BerthException.Unavailable($"git {string.Join(' ', arguments)} failed: {text.Trim()}");
            }
        }
    }
}
