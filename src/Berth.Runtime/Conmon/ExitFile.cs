using System.Globalization;
using Berth.Platform.FileSystem;
using Berth.Platform.Processes;

namespace Berth.Runtime.Conmon;

/// <summary>conmon's exit files: <c>&lt;exit dir&gt;/&lt;container id&gt;</c> holds the exit code, written atomically (temp file + rename).</summary>
public static class ExitFile
{
    /// <summary>How often the directory is looked at again should a change notification be missed.</summary>
    private static readonly TimeSpan DefaultRecheck = TimeSpan.FromMilliseconds(250);

    /// <summary>The exit code, or null while the file does not exist yet.</summary>
    public static int? TryRead(string exitDir, string id)
    {
        var path = Path.Combine(exitDir, id);
        if (!File.Exists(path))
        {
            // Looked at first: it is missing on every look before the exit, and a thrown exception costs far more.
            return null;
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        return int.TryParse(text.AsSpan().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code)
            ? code
            : throw new BerthException(ErrorKind.Internal, $"exit file {Path.Combine(exitDir, id)} holds \"{text}\", not an exit code");
    }

    /// <summary>
    /// Waits for the exit file on a thread of its own (a blocked thread-pool thread could starve the attach streams'
    /// continuations): <see cref="Wait(string, string, CancellationToken)"/>.
    /// </summary>
    public static Task<int> WaitAsync(string exitDir, string id, CancellationToken cancellationToken) =>
        WaitAsync(exitDir, id, DefaultRecheck, cancellationToken);

    /// <summary>
    /// Waits on this thread for the exit file: an inotify watch on the exit directory (<see cref="DirectoryWatch"/>)
    /// with a slow re-check as a safety net; without inotify, the re-check alone.
    /// </summary>
    public static int Wait(string exitDir, string id, CancellationToken cancellationToken) =>
        Wait(exitDir, id, DefaultRecheck, cancellationToken);

    /// <summary><see cref="WaitAsync(string, string, CancellationToken)"/> with another re-check period (tests).</summary>
    internal static Task<int> WaitAsync(string exitDir, string id, TimeSpan recheck, CancellationToken cancellationToken) =>
        TryRead(exitDir, id) is { } early
            ? Task.FromResult(early)
            : Task.Factory.StartNew(() => Wait(exitDir, id, recheck, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    internal static int Wait(string exitDir, string id, TimeSpan recheck, CancellationToken cancellationToken)
    {
        if (TryRead(exitDir, id) is { } early)
        {
            return early;
        }

        using var watch = DirectoryWatch.TryCreate(exitDir);
        using var wait = new DescriptorWait(cancellationToken);
        while (true)
        {
            // Checked after the watch is in place, so an exit between the first look and now is not missed.
            if (TryRead(exitDir, id) is { } code)
            {
                return code;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (watch is null)
            {
                cancellationToken.WaitHandle.WaitOne(recheck);
            }
            else
            {
                watch.Wait(wait, recheck);
            }
        }
    }
}
