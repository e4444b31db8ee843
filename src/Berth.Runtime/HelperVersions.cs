using Berth.Platform.Processes;

namespace Berth.Runtime;

/// <summary>What helper programs say about their version, shaped as podman info shows it.</summary>
public static class HelperVersions
{
    /// <summary>The full <c>--version</c> output (runc, slirp4netns: several lines).</summary>
    public static Task<string> FullAsync(string path, CancellationToken cancellationToken) =>
        ProcessRunner.TryOutputAsync(path, ["--version"], cancellationToken);

    /// <summary>The <c>--version</c> lines joined with ", " (conmon).</summary>
    public static async Task<string> JoinedAsync(string path, CancellationToken cancellationToken) =>
        string.Join(", ", (await FullAsync(path, cancellationToken).ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>The first line only (pasta prints a copyright notice after it).</summary>
    public static async Task<string> FirstLineAsync(string path, CancellationToken cancellationToken) =>
        (await FullAsync(path, cancellationToken).ConfigureAwait(false)).Split('\n')[0].Trim();
}
