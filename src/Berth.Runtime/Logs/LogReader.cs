using System.Runtime.CompilerServices;
using Berth.Platform.FileSystem;

namespace Berth.Runtime.Logs;

/// <summary>
/// Reads a container's k8s-file log as <c>podman logs</c> does: the tail (or everything), filtered by since/until,
/// and with <c>--follow</c> the lines appended later until the container has exited, then what is left. A log that
/// conmon truncates or replaces (log-size-max rotation) is read again from its start.
/// </summary>
public static class LogReader
{
    /// <summary>The entries, partial lines as they are in the file (podman prints them without a newline).</summary>
    /// <param name="path">The log file; a missing file gives no lines (podman's rule).</param>
    /// <param name="options">Tail, since/until, follow.</param>
    /// <param name="hasExitedAsync">Asked while following at end of file: true once the container has exited. Null = stop at end of file.</param>
    /// <param name="cancellationToken">Ends following.</param>
    public static async IAsyncEnumerable<LogEntry> ReadAsync(string path, LogOptions options, Func<CancellationToken, ValueTask<bool>>? hasExitedAsync,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        }
        catch (FileNotFoundException)
        {
            yield break;
        }
        catch (DirectoryNotFoundException)
        {
            yield break;
        }

        try
        {
            var length = file.Length;
            long position = 0;
            if (options.Tail >= 0)
            {
                foreach (var entry in LogTail.Read(file, length, options.Tail))
                {
                    if (options.Accepts(entry))
                    {
                        yield return entry;
                    }
                }

                position = length;
            }

            var follow = options.Follow && hasExitedAsync is not null;
            var pending = new List<byte>();
            var buffer = new byte[64 * 1024];
            var exited = false;
            while (true)
            {
                // Replaced (rotation renames a new file over the path) or truncated: start again from the beginning.
                if (follow && IsReplaced(file, path))
                {
                    var reopened = TryOpen(path);
                    if (reopened is not null)
                    {
                        // Finish the old file before switching.
                        foreach (var entry in Drain(file, ref position, pending, buffer, options, final: true))
                        {
                            yield return entry;
                        }

                        await file.DisposeAsync().ConfigureAwait(false);
                        file = reopened;
                        position = 0;
                        pending.Clear();
                    }
                }

                if (file.Length < position)
                {
                    position = 0;
                    pending.Clear();
                }

                var final = !follow || exited;
                foreach (var entry in Drain(file, ref position, pending, buffer, options, final))
                {
                    yield return entry;
                }

                if (final)
                {
                    yield break;
                }

                // podman waits one poll interval after the exit before stopping at end of file.
                exited = await hasExitedAsync!(cancellationToken).ConfigureAwait(false);
                try
                {
                    await Task.Delay(options.PollInterval, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
            }
        }
        finally
        {
            await file.DisposeAsync().ConfigureAwait(false);
        }
    }

    // Reads from position to the current end; complete lines become entries, an unfinished last line waits in
    // pending unless this is the final read (then it counts as a line, as the reader podman uses does at EOF).
    private static List<LogEntry> Drain(FileStream file, ref long position, List<byte> pending, byte[] buffer, LogOptions options, bool final)
    {
        var entries = new List<LogEntry>();
        file.Position = position;
        int read;
        while ((read = file.Read(buffer)) > 0)
        {
            position += read;
            var span = buffer.AsSpan(0, read);
            while (true)
            {
                var newline = span.IndexOf((byte)'\n');
                if (newline < 0)
                {
                    pending.AddRange(span);
                    break;
                }

                if (pending.Count > 0)
                {
                    pending.AddRange(span[..newline]);
                    Add(pending.ToArray(), entries, options);
                    pending.Clear();
                }
                else
                {
                    Add(span[..newline], entries, options);
                }

                span = span[(newline + 1)..];
            }
        }

        if (final && pending.Count > 0)
        {
            Add(pending.ToArray(), entries, options);
            pending.Clear();
        }

        return entries;
    }

    private static void Add(ReadOnlySpan<byte> line, List<LogEntry> entries, LogOptions options)
    {
        if (line.Length > 0 && K8sFileReader.ParseLine(line) is { } entry && options.Accepts(entry))
        {
            entries.Add(entry);
        }
    }

    private static bool IsReplaced(FileStream file, string path) =>
        Identity(path) is { } onDisk && Identity(file) is { } open && onDisk != open;

    private static FileStream? TryOpen(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        }
        catch (IOException)
        {
            return null;
        }
    }

    // The file now at the path (a missing one counts as not replaced: conmon is between unlink and rename).
    private static (uint, uint, ulong)? Identity(string path)
    {
        var full = Path.GetFullPath(path);
        if (AtCalls.OpenDirectory(Path.GetDirectoryName(full)!, out var directory) != Errno.None)
        {
            return null;
        }

        using (directory)
        {
            return AtCalls.Stat(directory!, Path.GetFileName(full), out var status) == Errno.None
                ? (status.DeviceMajor, status.DeviceMinor, status.Inode) : null;
        }
    }

    private static (uint, uint, ulong)? Identity(FileStream file) =>
        DescriptorCalls.Stat(file.SafeFileHandle, out var status) == Errno.None ? (status.DeviceMajor, status.DeviceMinor, status.Inode) : null;
}
