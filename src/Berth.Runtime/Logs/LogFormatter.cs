using System.Text;

namespace Berth.Runtime.Logs;

/// <summary>How <c>podman logs</c> prints lines.</summary>
public sealed record LogFormatOptions
{
    /// <summary>Several containers were named: each line starts with the short ID (or name with <see cref="UseNames"/>).</summary>
    public bool Multi { get; init; }

    /// <summary><c>--names/-n</c>: the prefix is the name (only with several containers, like podman).</summary>
    public bool UseNames { get; init; }

    /// <summary><c>-t/--timestamps</c>.</summary>
    public bool Timestamps { get; init; }
}

/// <summary>
/// podman 4.3's LogLine.String/Write: <c>[PREFIX ][TIME ]CONTENT</c>, a newline after full lines only (partial lines
/// run into the next one, prefix and all), stdout lines to stdout and stderr lines to stderr.
/// </summary>
public static class LogFormatter
{
    /// <summary>The bytes to write for one entry.</summary>
    public static byte[] Format(LogEntry entry, LogFormatOptions options, string containerId, string containerName)
    {
        var prefix = new StringBuilder();
        if (options.Multi)
        {
            prefix.Append(options.UseNames ? containerName : (containerId.Length > 12 ? containerId[..12] : containerId)).Append(' ');
        }

        if (options.Timestamps)
        {
            prefix.Append(entry.Time.ToString()).Append(' ');
        }

        var head = Encoding.UTF8.GetBytes(prefix.ToString());
        var line = new byte[head.Length + entry.Content.Length + (entry.Partial ? 0 : 1)];
        head.CopyTo(line, 0);
        entry.Content.CopyTo(line, head.Length);
        if (!entry.Partial)
        {
            line[^1] = (byte)'\n';
        }

        return line;
    }

    /// <summary>Writes one entry to the stream it belongs to.</summary>
    public static ValueTask WriteAsync(LogEntry entry, LogFormatOptions options, string containerId, string containerName, Stream stdout, Stream stderr, CancellationToken cancellationToken)
    {
        var target = entry.Stream == LogStream.Stderr ? stderr : stdout;
        return target.WriteAsync(Format(entry, options, containerId, containerName), cancellationToken);
    }
}
