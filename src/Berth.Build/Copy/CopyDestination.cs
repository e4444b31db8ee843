namespace Berth.Build.Copy;

/// <summary>
/// Where a COPY/ADD writes: <paramref name="Path"/> is absolute inside the root file system, already resolved against
/// WORKDIR and expanded, and keeps its trailing '/' (which makes it a directory).
/// </summary>
public sealed record CopyDestination(string Path)
{
    /// <summary>The stage's WORKDIR. buildah treats a destination equal to it as a directory even without a trailing '/'.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The destination ends in '/' (or is the root): it names a directory.</summary>
    public bool EndsWithSlash => Path.EndsWith('/');
}
