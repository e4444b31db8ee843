using Berth.Cli.CommandLine;
using Berth.Platform;

namespace Berth.Cli.Commands;

/// <summary><c>volume export</c>, <c>import</c>, <c>mount</c> and <c>unmount</c>.</summary>
public static partial class VolumeActions
{
    /// <summary>
    /// The volume's contents as a tar to <c>-o FILE</c> (written beside it and renamed into place) or to stdout, which
    /// must not be a terminal (podman 4.3.1 writes the tar to the terminal; later podman refuses with this message).
    /// </summary>
    public static async Task<int> ExportAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Options.GetString("output") ?? "/dev/stdout";
        if (output.Length == 0)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "expects output path, use --output=[path]");
        }

        using var service = Open(invocation);
        var volume = service.Get(invocation.Arguments[0]);
        if (output == "/dev/stdout")
        {
            if (Terminal.IsTerminal(1))
            {
                throw new BerthException(ErrorKind.InvalidArgument, "cannot write to terminal, use command-line redirection or the --output flag");
            }

            await invocation.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            await using var stdout = StandardStreams.Output();
            await service.ExportAsync(volume.Name, stdout, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        var full = Path.GetFullPath(output);
        if (UnixFileSystem.TryStat(full) is { } existing && existing.Kind != UnixFileKind.Regular)
        {
            // A device or a pipe is written to, never replaced.
            await using var target = OpenTarball(output, FileMode.Open);
            await service.ExportAsync(volume.Name, target, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        var temp = full + ".berth-tmp-" + Environment.ProcessId;
        try
        {
            await using (var file = OpenTarball(output, FileMode.Create, temp))
            {
                await service.ExportAsync(volume.Name, file, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }

        return 0;
    }

    /// <summary>Unpacks a tar file (or stdin for "-") into the volume; a hostile or broken archive changes nothing.</summary>
    public static async Task<int> ImportAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var source = invocation.Arguments[1];
        using var service = Open(invocation);
        var volume = service.Get(invocation.Arguments[0]);
        if (source == "-")
        {
            await using var stdin = StandardStreams.Input();
            await service.ImportAsync(volume.Name, stdin, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        if (Directory.Exists(source))
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"read {source}: is a directory");
        }

        FileStream file;
        try
        {
            file = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BerthException(ErrorKind.NotFound, $"open {source}: no such file or directory");
        }
        catch (UnauthorizedAccessException)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"open {source}: permission denied");
        }

        await using (file.ConfigureAwait(false))
        {
            await service.ImportAsync(volume.Name, file, cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>Prints the volume's mount point; a volume with mount options is mounted (counted).</summary>
    public static Task<int> MountAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var service = Open(invocation);
        invocation.Out.WriteLine(service.Mount(invocation.Arguments[0]));
        return Task.FromResult(0);
    }

    /// <summary>Takes one mount user away and prints the name as given.</summary>
    public static Task<int> UnmountAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var service = Open(invocation);
        service.Unmount(invocation.Arguments[0]);
        invocation.Out.WriteLine(invocation.Arguments[0]);
        return Task.FromResult(0);
    }

    private static FileStream OpenTarball(string output, FileMode mode, string? path = null)
    {
        try
        {
            return new FileStream(path ?? output, mode, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var why = e is DirectoryNotFoundException or FileNotFoundException ? "no such file or directory" : e is UnauthorizedAccessException ? "permission denied" : e.Message;
            throw new BerthException(ErrorKind.InvalidArgument, $"could not create tarball file '{output}': open {output}: {why}");
        }
    }
}
