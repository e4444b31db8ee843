namespace Berth.Runtime.Logs;

/// <summary>
/// <c>--tail N</c> read backwards from the end of the file in blocks, so a large log is not read whole: only as many
/// blocks as hold the last N full lines.
/// </summary>
public static class LogTail
{
    private const int BlockSize = 64 * 1024;

    /// <summary>
    /// The last <paramref name="count"/> full lines of the file's first <paramref name="length"/> bytes. podman 4.3
    /// attaches each run of partial lines to the full line <em>before</em> it (its reverse reader appends them there),
    /// so "a F, b P, c F" tails to "a"+"b" then "c", and partials after the last full line end up on it; we do the same.
    /// Lines that do not parse are skipped.
    /// </summary>
    public static List<LogEntry> Read(FileStream file, long length, long count)
    {
        var result = new List<LogEntry>();
        if (count <= 0)
        {
            return result;
        }

        var reversed = new List<LogEntry>();
        var full = 0L;
        var position = length;
        byte[] carry = [];
        var buffer = new byte[BlockSize];
        while (position > 0 && full < count)
        {
            var size = (int)Math.Min(BlockSize, position);
            position -= size;
            file.Position = position;
            file.ReadExactly(buffer, 0, size);
            var block = new byte[size + carry.Length];
            Buffer.BlockCopy(buffer, 0, block, 0, size);
            Buffer.BlockCopy(carry, 0, block, size, carry.Length);

            // Complete lines are those after the first '\n' of the block (unless this is the file's start).
            var span = block.AsSpan();
            var end = span.Length;
            while (true)
            {
                var newline = span[..end].LastIndexOf((byte)'\n');
                if (newline < 0)
                {
                    break;
                }

                AddLine(span[(newline + 1)..end], reversed, ref full);
                end = newline;
                if (full >= count)
                {
                    break;
                }
            }

            carry = span[..end].ToArray();
        }

        if (position == 0 && full < count && carry.Length > 0)
        {
            AddLine(carry, reversed, ref full);
        }

        // Reassemble newest-first: partials collect until the next full line going backwards.
        var partial = new List<byte>();
        foreach (var entry in reversed)
        {
            if (entry.Partial)
            {
                partial.AddRange(entry.Content);
                continue;
            }

            result.Add(entry with { Content = [.. entry.Content, .. partial] });
            partial.Clear();
            if (result.Count == count)
            {
                break;
            }
        }

        result.Reverse();
        return result;
    }

    private static void AddLine(ReadOnlySpan<byte> line, List<LogEntry> reversed, ref long full)
    {
        if (line.Length == 0 || K8sFileReader.ParseLine(line) is not { } entry)
        {
            return;
        }

        reversed.Add(entry);
        if (!entry.Partial)
        {
            full++;
        }
    }
}
