using System.Globalization;
using Berth.Engine.Images;
using Berth.Oci;

namespace Berth.Cli.Output;

/// <summary>
/// podman's live progress on a terminal: one line per blob (<see cref="ProgressBarLine"/>) kept at the bottom and
/// redrawn in place with ANSI cursor movement at most every <see cref="RedrawInterval"/> while bytes move, plus once
/// when a blob is added and once when the last one finishes (finished lines at the top are left behind, so only the
/// blobs in flight are redrawn); plain lines (<c>Trying to pull …</c>, <c>Writing manifest
/// to image destination</c>) are printed above the live lines, or below them once every blob is finished.
/// </summary>
/// <remarks>
/// The redraw timer runs only while some blob is being read; a counting stream that is disposed (finished or failed)
/// ends its blob, so nothing is drawn after a failed pull returns and its error is printed. Dispose draws the final
/// state and stops the timer.
/// </remarks>
public sealed class TerminalProgress : IPullProgress, IDisposable
{
    /// <summary>Ten redraws a second at most, as mpb's default refresh rate allows.</summary>
    public static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Weight of the newest sample in the smoothed speed.</summary>
    private const double SpeedSmoothing = 0.3;

    private readonly TextWriter output;
    private readonly TimeProvider time;
    private readonly Func<int> columns;
    private readonly Lock gate = new();
    private readonly List<ProgressBlob> blobs = [];
    private ITimer? timer;
    private int drawn;
    private int frame;
    private bool dirty;
    private bool disposed;

    /// <param name="output">The terminal (stderr).</param>
    /// <param name="time">The clock and timer source (a fake one in tests).</param>
    /// <param name="columns">The terminal's current width, asked at every redraw.</param>
    public TerminalProgress(TextWriter output, TimeProvider time, Func<int> columns)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(columns);
        this.output = output;
        this.time = time;
        this.columns = columns;
    }

    public void Line(string text)
    {
        lock (gate)
        {
            if (disposed || NoneLive())
            {
                // Every blob is finished (or the view is closed): its lines stay where they are and the text follows them.
                if (dirty && !disposed)
                {
                    Draw();
                }

                blobs.Clear();
                drawn = 0;
                output.Write(text + "\n");
            }
            else
            {
                Erase();
                output.Write(text + "\n");
                Draw();
            }

            output.Flush();
        }
    }

    public Stream Track(Descriptor blob, Stream content)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ProgressBlob entry;
        lock (gate)
        {
            entry = Find(blob) ?? Add(blob);
            entry.Restart(time.GetTimestamp());
            entry.Live = true;
            entry.Counted = blob.Size > 0;
            entry.Status = null;
            if (!disposed)
            {
                timer ??= time.CreateTimer(_ => Tick(), null, RedrawInterval, RedrawInterval);
                Draw();
            }
        }

        return new ProgressCountingStream(content, entry, Ended);
    }

    public void BlobDone(Descriptor blob, string status)
    {
        ArgumentNullException.ThrowIfNull(blob);
        lock (gate)
        {
            var entry = Find(blob) ?? Add(blob);
            entry.Live = false;
            entry.Status = status;
            dirty = true;
            if (!disposed && NoneLive())
            {
                Draw();
            }
        }
    }

    /// <summary>podman draws the config as a finished bar too: <c>Copying config 05455a0888 done   | </c>.</summary>
    public void ConfigDone(Digest config) =>
        Line(ProgressBarLine.Finished(ProgressBarLine.Prefix("config", config), "done", counted: true, columns()));

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            StopTimer();
            if (dirty)
            {
                Draw();
            }

            disposed = true;
        }
    }

    /// <summary>The timer's redraw (also what tests drive through a fake <see cref="TimeProvider"/>).</summary>
    private void Tick()
    {
        lock (gate)
        {
            if (!disposed && !NoneLive())
            {
                Draw();
            }
        }
    }

    private void Ended(ProgressBlob entry)
    {
        lock (gate)
        {
            if (!entry.Live)
            {
                return;
            }

            // Finished or failed: BlobDone says which; a failure leaves the last drawn state.
            entry.Live = false;
            dirty = true;
            if (NoneLive())
            {
                StopTimer();
            }
        }
    }

    private bool NoneLive() => blobs.TrueForAll(b => !b.Live);

    private ProgressBlob? Find(Descriptor blob) => blobs.Find(b => b.Digest == blob.Digest);

    private ProgressBlob Add(Descriptor blob)
    {
        var entry = new ProgressBlob(blob.Digest, ProgressBarLine.Prefix("blob", blob.Digest), blob.Size);
        blobs.Add(entry);
        return entry;
    }

    private void StopTimer()
    {
        timer?.Dispose();
        timer = null;
    }

    /// <summary>Moves to the first live line and clears to the end of the screen.</summary>
    private void Erase()
    {
        if (drawn > 0)
        {
            output.Write(string.Create(CultureInfo.InvariantCulture, $"\e[{drawn}A\r\e[J"));
            drawn = 0;
        }
    }

    /// <summary>Redraws every blob line in place (cursor up over the lines drawn last time, each line cleared to its end).</summary>
    private void Draw()
    {
        var now = time.GetTimestamp();
        var width = columns();
        if (drawn > 0)
        {
            output.Write(string.Create(CultureInfo.InvariantCulture, $"\e[{drawn}A\r"));
        }

        foreach (var blob in blobs)
        {
            output.Write(Render(blob, now, width) + "\e[K\n");
        }

        drawn = blobs.Count;

        // Finished lines at the top never change again: they leave the live region, so that it stays as small as the
        // blobs in flight (and fits the screen) however many layers an image has.
        var settled = blobs.FindIndex(b => b.Status is null);
        settled = settled < 0 ? blobs.Count : settled;
        blobs.RemoveRange(0, settled);
        drawn -= settled;
        frame++;
        dirty = false;
        output.Flush();
    }

    private string Render(ProgressBlob blob, long now, int width)
    {
        if (blob.Status is { } status)
        {
            return ProgressBarLine.Finished(blob.Prefix, status, blob.Counted, width);
        }

        if (!blob.Counted)
        {
            return ProgressBarLine.Spinning(blob.Prefix, frame, width);
        }

        if (!blob.Live)
        {
            return ProgressBarLine.Stopped(blob.Prefix, blob.Current, blob.Size, width);
        }

        Sample(blob, now);
        return ProgressBarLine.Running(blob.Prefix, blob.Current, blob.Size, blob.Speed ?? 0, width);
    }

    private void Sample(ProgressBlob blob, long now)
    {
        var seconds = time.GetElapsedTime(blob.SampledAt, now).TotalSeconds;
        if (seconds <= 0)
        {
            return;
        }

        var bytes = blob.Current;
        var rate = (bytes - blob.SampledBytes) / seconds;
        blob.Speed = blob.Speed is { } previous ? previous + (SpeedSmoothing * (rate - previous)) : rate;
        blob.SampledBytes = bytes;
        blob.SampledAt = now;
    }
}
