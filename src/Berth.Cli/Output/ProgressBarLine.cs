using System.Globalization;
using System.Text;

namespace Berth.Cli.Output;

/// <summary>
/// One line of the terminal progress view, shaped like containers/image's mpb bars (podman's pull on a TTY):
/// <c>Copying blob 1a2b3c4d5e6f [=====&gt;------] 12.3MiB / 40.1MiB | 25.2 MiB/s</c> while the blob moves;
/// <c>Copying blob 1a2b3c4d5e6f done   | </c> once it is in (the bar and counters are cleared on completion, the
/// " | " separator stays); a blob of unknown size shows a spinner; a reused one reads
/// <c>Copying blob 1a2b3c4d5e6f skipped: already exists  </c>. The bar is at most 40 cells wide (brackets included)
/// and shrinks so that the line fits the terminal.
/// </summary>
public static class ProgressBarLine
{
    /// <summary>mpb.WithWidth(40) in containers/image.</summary>
    public const int MaxBarWidth = 40;

    private const int ShortDigestLength = 12;
    private static readonly string[] Units = ["b", "KiB", "MiB", "GiB", "TiB"];
    private static readonly string[] SpinnerFrames = [".", "..", "...", "....", ""];

    /// <summary>
    /// <c>Copying {kind} {hex}</c> cut to the length of <c>Copying blob </c> + 12 hex digits, so that every prefix lines
    /// up (a config gets 10 digits, as podman shows them).
    /// </summary>
    public static string Prefix(string kind, Oci.Digest digest)
    {
        var prefix = $"Copying {kind} {digest.Encoded}";
        var max = "Copying blob ".Length + ShortDigestLength;
        return prefix.Length > max ? prefix[..max] : prefix;
    }

    /// <summary>A blob still moving, with a known size: prefix, bar, counters, speed.</summary>
    public static string Running(string prefix, long current, long total, double bytesPerSecond, int columns)
    {
        var counters = $"{Size(current, space: false)} / {Size(total, space: false)} | {Size((long)Math.Round(bytesPerSecond), space: true)}/s";
        var room = columns - 1 - prefix.Length - counters.Length - 2;
        return Fit($"{prefix} {Bar(current, total, Math.Min(MaxBarWidth, room))} {counters}", columns);
    }

    /// <summary>A blob still moving whose size is not known: the spinner (one frame per redraw).</summary>
    public static string Spinning(string prefix, int frame, int columns) =>
        Fit($"{prefix} {SpinnerFrames[frame % SpinnerFrames.Length]} ", columns);

    /// <summary>A finished blob: <paramref name="status"/> replaces the digest's tail; a counted bar keeps its " | ".</summary>
    public static string Finished(string prefix, string status, bool counted, int columns) =>
        Fit(counted ? $"{prefix} {status}   | " : $"{prefix} {status}  ", columns);

    /// <summary>An interrupted blob: the bar as it was, without speed.</summary>
    public static string Stopped(string prefix, long current, long total, int columns)
    {
        var counters = $"{Size(current, space: false)} / {Size(total, space: false)}";
        var room = columns - 1 - prefix.Length - counters.Length - 2;
        return Fit($"{prefix} {Bar(current, total, Math.Min(MaxBarWidth, room))} {counters}", columns);
    }

    /// <summary>
    /// <c>[====&gt;-----]</c> in <paramref name="width"/> cells (brackets included); the tip marks the head while
    /// incomplete; empty when there is no room for the brackets.
    /// </summary>
    public static string Bar(long current, long total, int width)
    {
        if (width < 2)
        {
            return "";
        }

        var cells = width - 2;
        var filled = total <= 0 ? 0 : (int)Math.Min(cells, Math.Max(0, current) * cells / total);
        var bar = new StringBuilder(width).Append('[');
        if (filled == cells)
        {
            bar.Append('=', cells);
        }
        else if (filled > 0)
        {
            bar.Append('=', filled - 1).Append('>').Append('-', cells - filled);
        }
        else
        {
            bar.Append('-', cells);
        }

        return bar.Append(']').ToString();
    }

    /// <summary>mpb's SizeB1024 with one decimal: <c>512.0b</c>, <c>12.3MiB</c>; with <paramref name="space"/> <c>25.2 MiB</c>.</summary>
    public static string Size(long bytes, bool space)
    {
        double value = Math.Max(0, bytes);
        var unit = 0;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return value.ToString("0.0", CultureInfo.InvariantCulture) + (space ? " " : "") + Units[unit];
    }

    /// <summary>Never as wide as the terminal: a full last column would wrap and break the cursor arithmetic.</summary>
    private static string Fit(string line, int columns) =>
        columns > 1 && line.Length > columns - 1 ? line[..(columns - 1)] : line;
}
