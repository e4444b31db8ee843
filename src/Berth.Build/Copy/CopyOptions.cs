namespace Berth.Build.Copy;

/// <summary>The flags of one COPY or ADD and what the caller knows about its sources.</summary>
public sealed record CopyOptions
{
    /// <summary>ADD: local archives (tar, plain or gzip/bzip2/xz/zstd, recognised by content) are extracted and URLs downloaded.</summary>
    public bool IsAdd { get; init; }

    /// <summary>
    /// The sources come from another stage or image (<c>COPY --from</c>): as buildah, owners are kept (unless
    /// <see cref="Chown"/>) and so are setuid/setgid bits. From the build context, owners become 0:0 (or the
    /// <c>--chown</c> owner) and setuid/setgid bits are cleared.
    /// </summary>
    public bool FromImage { get; init; }

    /// <summary><c>--chown</c> as written (<c>user</c>, <c>uid</c>, <c>user:group</c>, …), resolved against the root file
    /// system's /etc/passwd and /etc/group; null = not given.</summary>
    public string? Chown { get; init; }

    /// <summary><c>--chmod</c> bits (see <see cref="ParseChmod"/>): every copied file and directory below the
    /// destination gets them (symlinks excepted); extracted archive entries keep theirs.</summary>
    public uint? Chmod { get; init; }

    /// <summary><c>--parents</c>: each local source keeps its path (relative to its root) below the destination.</summary>
    public bool Parents { get; init; }

    /// <summary><c>--link</c>: accepted; the result is the same.</summary>
    public bool Link { get; init; }

    /// <summary><c>--exclude</c> patterns (Docker's .dockerignore syntax, <c>!</c> exceptions too), matched against paths
    /// relative to each source: a named file's own name, or the path below a copied directory.</summary>
    public IReadOnlyList<string> Excludes { get; init; } = [];

    /// <summary><c>ADD --checksum=sha256:&lt;hex&gt;</c> (sha384 and sha512 too): every URL source must match it before
    /// anything is written.</summary>
    public string? Checksum { get; init; }

    /// <summary>
    /// Ignored entries below a copied directory (the build context's .containerignore): called with the entry's path
    /// relative to its source's <see cref="LocalCopySource.Root"/>; true skips it (and, for a directory, what is below it
    /// unless <see cref="MayIncludeBelow"/> says an exception may re-include something there).
    /// </summary>
    public Func<string, bool>? IsIgnored { get; init; }

    /// <summary>For an ignored directory: true when an exception pattern may re-include something below it, so it must be
    /// walked (its directory is then made only when something inside is copied).</summary>
    public Func<string, bool>? MayIncludeBelow { get; init; }

    /// <summary>The client for URL sources; null = a new one for this copy.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>Running in a user namespace (rootless): device nodes are skipped, as containers/storage does there.</summary>
    public bool InUserNamespace { get; init; }

    /// <summary>The modification time of files that have none of their own (heredocs, downloads without Last-Modified); null = now.</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>Told about things skipped without failing (an extended attribute the file system refuses).</summary>
    public Action<string>? Warning { get; init; }

    /// <summary>
    /// Parses a <c>--chmod</c> value as buildah does: octal digits only (Go's <c>strconv.ParseUint(v, 8, 32)</c>), kept
    /// to the permission, setuid, setgid and sticky bits. Symbolic modes (<c>u+x</c>) are refused with podman's message.
    /// </summary>
    public static uint ParseChmod(string value)
    {
        // 11 octal digits hold 33 bits: enough to tell an overflow of 32 bits.
        if (value.Length == 0 || value.Length > 11 || !value.All(c => c is >= '0' and <= '7'))
        {
            throw BerthException.InvalidArgument($"Error parsing chmod {value}");
        }

        ulong bits = 0;
        foreach (var c in value)
        {
            bits = (bits << 3) | (uint)(c - '0');
        }

        return bits > uint.MaxValue ? throw BerthException.InvalidArgument($"Error parsing chmod {value}") : (uint)bits & 0xFFF;
    }
}
