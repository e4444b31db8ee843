using Berth.Archive;
using Berth.Oci;
using Berth.Storage.Images;

namespace Berth.Build.Execution;

/// <summary>
/// <c>build --output</c>: where the final stage's root file system goes. <see cref="Type"/> is "local" (a directory)
/// or "tar" (an archive file); <see cref="Destination"/> "-" is standard output.
/// </summary>
public sealed record BuildExportTarget(string Type, string Destination)
{
    public bool ToStandardOutput => Destination == "-";

    /// <summary>
    /// podman 4.3.1's forms: <c>-</c> (a tar on standard output), a bare path (a directory), or
    /// <c>type=local|tar,dest=PATH</c>; its message for an unknown type.
    /// </summary>
    public static BuildExportTarget Parse(string value)
    {
        if (value == "-")
        {
            return new BuildExportTarget("tar", "-");
        }

        if (!value.Contains('=', StringComparison.Ordinal) && !value.Contains(',', StringComparison.Ordinal))
        {
            return value.Length > 0 ? new BuildExportTarget("local", value) : throw Invalid(value, "give a directory, - or type=local|tar,dest=PATH");
        }

        string? type = null, destination = null;
        foreach (var part in value.Split(','))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var (key, v) = eq < 0 ? (part, "") : (part[..eq], part[(eq + 1)..]);
            switch (key)
            {
                case "type":
                    type = v is "local" or "tar"
                        ? v
                        : throw new BerthException(ErrorKind.InvalidArgument, $"failed to parse build output: invalid type \"{v}\" selected for build output options \"{value}\"");
                    break;
                case "dest":
                    destination = v;
                    break;
                default:
                    throw Invalid(value, $"unknown option \"{key}\": use type=local|tar,dest=PATH");
            }
        }

        if (type is null)
        {
            throw Invalid(value, "missing type: use type=local or type=tar");
        }

        if (string.IsNullOrEmpty(destination))
        {
            throw Invalid(value, "missing dest: name the directory or file to write (dest=-: standard output, tar only)");
        }

        return type == "local" && destination == "-"
            ? throw Invalid(value, "a local output needs a directory: use type=tar,dest=- for standard output")
            : new BuildExportTarget(type, destination);
    }

    private static BerthException Invalid(string value, string why) =>
        new(ErrorKind.InvalidArgument, $"failed to parse build output \"{value}\": {why}");
}

/// <summary>Writes an image's root file system as <see cref="BuildExportTarget"/> says.</summary>
internal static class BuildExport
{
    /// <summary>
    /// The image's layers, mounted read-only, written as one tar (to the file or <paramref name="standardOutput"/>) or
    /// unpacked into the directory (created when missing) the way layers are applied: every write through openat2
    /// RESOLVE_IN_ROOT, so nothing in the tree can reach outside the destination.
    /// </summary>
    public static async Task WriteAsync(IBuildHost host, Image image, BuildExportTarget target, Stream? standardOutput, CancellationToken cancellationToken)
    {
        var layers = host.Store.Layers;
        var empty = Path.Combine(host.TmpDir, $"build-output-{Environment.ProcessId}-{Guid.NewGuid():N}");
        string root;
        if (image.TopLayer is { } top)
        {
            root = layers.Mount(top);
        }
        else
        {
            // An image with no layers (FROM scratch, nothing copied): an empty tree.
            root = Directory.CreateDirectory(empty).FullName;
        }

        try
        {
            if (target.Type == "tar")
            {
                if (target.ToStandardOutput)
                {
                    var output = standardOutput ?? throw new InvalidOperationException("no standard output to write the tar to");
                    await LayerWriter.WriteDirectoryAsync(root, output, LayerCompression.None, cancellationToken).ConfigureAwait(false);
                    await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await using var file = new FileStream(target.Destination, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous);
                    await LayerWriter.WriteDirectoryAsync(root, file, LayerCompression.None, cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            Directory.CreateDirectory(target.Destination);
            Directory.CreateDirectory(host.TmpDir);
            var spool = Path.Combine(host.TmpDir, $"build-output-{Environment.ProcessId}-{Guid.NewGuid():N}.tar");
            try
            {
                await using (var file = new FileStream(spool, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20, FileOptions.Asynchronous))
                {
                    await LayerWriter.WriteDirectoryAsync(root, file, LayerCompression.None, cancellationToken).ConfigureAwait(false);
                    file.Position = 0;
                    var options = new LayerApplyOptions { PreserveOwnership = Environment.IsPrivilegedProcess };
                    await LayerApplier.ApplyAsync(file, LayerCompression.None, target.Destination, options, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                File.Delete(spool);
            }
        }
        finally
        {
            if (image.TopLayer is { } mounted)
            {
                layers.Unmount(mounted, force: false);
            }
            else
            {
                Directory.Delete(empty);
            }
        }
    }
}
