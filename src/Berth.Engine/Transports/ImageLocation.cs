using Berth.Oci;

namespace Berth.Engine.Transports;

/// <summary>The image transports of containers-transports(5) that Berth reads and writes.</summary>
public enum TransportKind
{
    /// <summary><c>docker://reference</c>: a registry.</summary>
    Docker,

    /// <summary><c>oci:path[:reference]</c>: an OCI image layout directory.</summary>
    Oci,

    /// <summary><c>oci-archive:path[:reference]</c>: an OCI image layout in a tar file.</summary>
    OciArchive,

    /// <summary><c>docker-archive:path[:reference|:@index]</c>: a <c>docker save</c> tar file.</summary>
    DockerArchive,

    /// <summary><c>dir:path</c>: manifest, config and blobs as files (skopeo's debugging format).</summary>
    Dir,

    /// <summary><c>containers-storage:reference</c>: the local store.</summary>
    ContainersStorage,
}

/// <summary>
/// Where an image is, in containers/image's <c>transport:details</c> syntax. The transport is everything before the first
/// colon; <c>docker</c> wants <c>//</c> after it; the path transports split their details at the first colon
/// (<c>oci:/dir:tag</c>), so their paths cannot contain one, as in containers/image on Unix.
/// </summary>
public sealed record ImageLocation
{
    public required TransportKind Transport { get; init; }

    /// <summary>The file or directory of the path transports.</summary>
    public string? Path { get; init; }

    /// <summary>
    /// The reference part: the registry reference (docker), the ref name in index.json (oci, oci-archive), the name
    /// recorded in or looked up in a docker-archive, the image name or ID (containers-storage).
    /// </summary>
    public string? Reference { get; init; }

    /// <summary>docker-archive:path:@N: the N-th image of the archive.</summary>
    public int? ArchiveIndex { get; init; }

    /// <summary>The parsed registry reference of a docker:// location (normalized: docker.io/library/…).</summary>
    public ImageReference? Docker { get; init; }

    public static string NameOf(TransportKind kind) => kind switch
    {
        TransportKind.Docker => "docker",
        TransportKind.Oci => "oci",
        TransportKind.OciArchive => "oci-archive",
        TransportKind.DockerArchive => "docker-archive",
        TransportKind.Dir => "dir",
        _ => "containers-storage",
    };

    public override string ToString() => Transport switch
    {
        TransportKind.Docker => $"docker://{Docker}",
        TransportKind.Dir => $"dir:{Path}",
        TransportKind.ContainersStorage => $"containers-storage:{Reference}",
        TransportKind.DockerArchive when ArchiveIndex is { } i => $"docker-archive:{Path}:@{i}",
        _ => Reference is null ? $"{NameOf(Transport)}:{Path}" : $"{NameOf(Transport)}:{Path}:{Reference}",
    };

    /// <summary>
    /// Whether <paramref name="text"/> starts with a transport name Berth knows, or one containers/image has that Berth
    /// does not (docker-daemon, ostree, sif, tarball): <see cref="Parse"/> names those in its error rather than
    /// <see cref="ParseOrDocker"/> taking <c>docker-daemon:busybox</c> for a registry reference.
    /// </summary>
    public static bool HasTransport(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && (KindOf(text[..colon]) is not null || IsUnsupported(text[..colon]));
    }

    /// <summary>Parses <c>transport:details</c>; errors are containers/image's texts.</summary>
    public static ImageLocation Parse(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"invalid image name \"{text}\", expected colon-separated transport:reference");
        }

        var transport = text[..colon];
        var details = text[(colon + 1)..];
        var kind = KindOf(transport) ?? throw new BerthException(ErrorKind.InvalidArgument,
            IsUnsupported(transport)
                ? $"invalid image name \"{text}\": the {transport} transport is not supported by Berth (use docker://, oci:, oci-archive:, docker-archive:, dir: or containers-storage:)"
                : $"invalid image name \"{text}\", unknown transport \"{transport}\"");
        return kind switch
        {
            TransportKind.Docker => ParseDocker(details),
            TransportKind.ContainersStorage => ParseStorage(details),
            TransportKind.Dir => new ImageLocation { Transport = kind, Path = RequirePath(details, kind) },
            TransportKind.DockerArchive => ParseDockerArchive(details),
            _ => ParseLayout(kind, details),
        };
    }

    /// <summary>podman's rule for push destinations and pull sources: a known transport, or else a registry reference.</summary>
    public static ImageLocation ParseOrDocker(string text) =>
        HasTransport(text) ? Parse(text) : ParseDocker("//" + text);

    private static bool IsUnsupported(string transport) => transport is "docker-daemon" or "ostree" or "sif" or "tarball";

    private static TransportKind? KindOf(string transport) => transport switch
    {
        "docker" => TransportKind.Docker,
        "oci" => TransportKind.Oci,
        "oci-archive" => TransportKind.OciArchive,
        "docker-archive" => TransportKind.DockerArchive,
        "dir" => TransportKind.Dir,
        "containers-storage" => TransportKind.ContainersStorage,
        _ => null,
    };

    private static ImageLocation ParseDocker(string details)
    {
        if (!details.StartsWith("//", StringComparison.Ordinal))
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"docker: image reference {details} does not start with \"//\"");
        }

        var text = details[2..];
        if (!ImageReference.TryParse(text, out var reference, out var error))
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"docker: invalid reference \"{text}\": {error}");
        }

        if (reference.IsShortName)
        {
            reference = reference.OnRegistry(ImageReference.DockerHub);
        }

        return new ImageLocation { Transport = TransportKind.Docker, Docker = reference.WithDefaultTag(), Reference = text };
    }

    private static ImageLocation ParseStorage(string details)
    {
        if (details.StartsWith('['))
        {
            throw new BerthException(ErrorKind.InvalidArgument,
                $"containers-storage:{details}: a store specifier ([driver@root+runroot]) is not supported: name the image and pass --root/--storage-driver instead");
        }

        return details.Length == 0
            ? throw new BerthException(ErrorKind.InvalidArgument, "containers-storage: an image name or ID is needed")
            : new ImageLocation { Transport = TransportKind.ContainersStorage, Reference = details };
    }

    private static ImageLocation ParseLayout(TransportKind kind, string details)
    {
        var colon = details.IndexOf(':', StringComparison.Ordinal);
        var path = colon < 0 ? details : details[..colon];
        var reference = colon < 0 ? null : details[(colon + 1)..];
        if (reference is { Length: 0 })
        {
            reference = null;
        }

        if (reference is not null && (reference.Any(c => c < 0x20 || c == 0x7f) || reference.Length > 255))
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"{NameOf(kind)}: invalid image reference \"{reference}\"");
        }

        return new ImageLocation { Transport = kind, Path = RequirePath(path, kind), Reference = reference };
    }

    private static ImageLocation ParseDockerArchive(string details)
    {
        var colon = details.IndexOf(':', StringComparison.Ordinal);
        var path = RequirePath(colon < 0 ? details : details[..colon], TransportKind.DockerArchive);
        var rest = colon < 0 ? null : details[(colon + 1)..];
        if (string.IsNullOrEmpty(rest))
        {
            return new ImageLocation { Transport = TransportKind.DockerArchive, Path = path };
        }

        if (rest.StartsWith('@'))
        {
            return int.TryParse(rest.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
                ? new ImageLocation { Transport = TransportKind.DockerArchive, Path = path, ArchiveIndex = index }
                : throw new BerthException(ErrorKind.InvalidArgument, $"docker-archive: invalid source index \"{rest}\": use @N with N a number");
        }

        if (!ImageReference.TryParse(rest, out var reference, out var error))
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"docker-archive: invalid reference \"{rest}\": {error}");
        }

        if (reference.Digest is not null)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"docker-archive: reference \"{rest}\" must not contain a digest");
        }

        return new ImageLocation { Transport = TransportKind.DockerArchive, Path = path, Reference = rest, Docker = reference };
    }

    private static string RequirePath(string path, TransportKind kind) =>
        path.Length > 0 ? path : throw new BerthException(ErrorKind.InvalidArgument, $"{NameOf(kind)}: a path is needed (e.g. {NameOf(kind)}:/tmp/image)");
}
