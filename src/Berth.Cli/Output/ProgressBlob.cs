namespace Berth.Cli.Output;

/// <summary>
/// One blob in the terminal view. The byte count is updated by the downloading thread (atomically); everything else
/// is read and written under the view's lock.
/// </summary>
internal sealed class ProgressBlob(Oci.Digest digest, string prefix, long size)
{
    private long current;

    public Oci.Digest Digest { get; } = digest;

    public string Prefix { get; } = prefix;

    public long Size { get; } = size;

    public long Current => Interlocked.Read(ref current);

    /// <summary>Being read through a counting stream right now.</summary>
    public bool Live { get; set; }

    /// <summary>Was counted through a stream (a bar with counters) rather than only reported done (a spinner line).</summary>
    public bool Counted { get; set; }

    /// <summary>"done", "skipped: already exists", or null while not finished.</summary>
    public string? Status { get; set; }

    /// <summary>Bytes per second, smoothed; null before the first sample.</summary>
    public double? Speed { get; set; }

    public long SampledBytes { get; set; }

    public long SampledAt { get; set; }

    public void Add(int bytes) => Interlocked.Add(ref current, bytes);

    public void Restart(long now)
    {
        Interlocked.Exchange(ref current, 0);
        SampledBytes = 0;
        SampledAt = now;
        Speed = null;
    }
}
