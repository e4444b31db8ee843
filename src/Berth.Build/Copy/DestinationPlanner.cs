using Berth.Archive;

namespace Berth.Build.Copy;

/// <summary>What one written source is, as far as choosing the destination goes.</summary>
internal enum SourceShape
{
    /// <summary>A directory (its contents are copied).</summary>
    Directory,

    /// <summary>A regular file, a URL or a heredoc: it may become the destination itself.</summary>
    File,

    /// <summary>A local archive that ADD extracts.</summary>
    Archive,

    /// <summary>A fifo or device node.</summary>
    Other,
}

/// <summary>What the destination path holds now (symlinks followed inside the root file system).</summary>
internal enum DestinationState
{
    Missing,
    Directory,
    NonDirectory,
}

/// <summary>
/// Where the entries go: <paramref name="Directory"/> (relative to the root file system, "" = '/') receives them, and
/// with <paramref name="Rename"/> the one file is written under that name instead of its own.
/// </summary>
internal sealed record DestinationPlan(string Directory, string? Rename);

/// <summary>
/// buildah 1.28's rules (Builder.Add) for what the destination is. It must be a directory when several sources are
/// written (their count, not the count of wildcard matches), when it ends in '/', when it is the WORKDIR, with
/// <c>--parents</c>, or when the one source is a directory or an archive to extract; then it is made when missing,
/// and an existing non-directory is an error. Otherwise a single file source becomes the destination: a missing path
/// or an existing non-directory (replaced, never written through) is the file's new name; an existing directory
/// receives it under its own name. Several wildcard matches into such a file name all land on it, the last one
/// winning, as in buildah.
/// </summary>
internal static class DestinationPlanner
{
    /// <param name="destination">The destination as given.</param>
    /// <param name="specCount">How many sources were written.</param>
    /// <param name="first">The shape of the first item when one source was written.</param>
    /// <param name="parents"><c>--parents</c>.</param>
    /// <param name="state">What the destination holds now.</param>
    public static DestinationPlan Plan(CopyDestination destination, int specCount, SourceShape first, bool parents, DestinationState state)
    {
        var cleaned = Clean(destination.Path);
        var mustBeDirectory = specCount > 1 || destination.EndsWithSlash || parents || cleaned.Length == 0 ||
            (destination.WorkingDirectory is { } workdir && EntryPath.Clean("/" + workdir) == cleaned);
        var canBeFile = false;
        if (specCount == 1)
        {
            mustBeDirectory |= first is SourceShape.Directory or SourceShape.Archive;
            canBeFile = first is SourceShape.File or SourceShape.Archive;
        }

        if (state == DestinationState.NonDirectory)
        {
            if (mustBeDirectory)
            {
                throw BerthException.InvalidArgument($"destination {destination.Path} already exists but is not a directory");
            }

            return new DestinationPlan(EntryPath.Parent(cleaned), EntryPath.Leaf(cleaned));
        }

        if (state == DestinationState.Missing && !mustBeDirectory && canBeFile)
        {
            return new DestinationPlan(EntryPath.Parent(cleaned), EntryPath.Leaf(cleaned));
        }

        return new DestinationPlan(cleaned, null);
    }

    /// <summary>The destination relative to the root file system; it must be absolute.</summary>
    public static string Clean(string destination)
    {
        if (!destination.StartsWith('/'))
        {
            throw BerthException.InvalidArgument($"copy destination \"{destination}\" is not an absolute path");
        }

        return EntryPath.Clean(destination) ?? throw BerthException.InvalidArgument($"copy destination \"{destination}\" holds a NUL character");
    }
}
