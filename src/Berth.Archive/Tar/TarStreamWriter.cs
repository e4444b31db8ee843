using System.Buffers;
using System.Globalization;
using System.Text;

namespace Berth.Archive.Tar;

/// <summary>
/// Writes a tar stream the way Go's archive/tar does for podman's layers: a ustar header per entry (long names split
/// into prefix/name when they can be), and a PAX extended header (named <c>PaxHeaders.0</c>, records sorted by key)
/// only when something does not fit ustar — long or non-ASCII names, big numbers, extended attributes. Output depends
/// on the headers and data alone (no process IDs, no clock), so equal trees give equal bytes and equal digests.
/// Extended attribute values are written as raw bytes (<c>SCHILY.xattr.*</c>).
/// </summary>
internal sealed class TarStreamWriter : IDisposable
{
    private const int BufferSize = 256 * 1024;

    private readonly Stream _output;
    private byte[] _buffer;
    private int _used;
    private long _dataRemaining;
    private int _padding;
    private string _current = "";

    public TarStreamWriter(Stream output)
    {
        _output = output;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    }

    /// <summary>Writes the header (and PAX header when needed); a regular entry's <see cref="TarHeader.Size"/> bytes must follow.</summary>
    public async ValueTask WriteHeaderAsync(TarHeader header, CancellationToken cancellationToken)
    {
        if (_dataRemaining != 0)
        {
            throw new InvalidOperationException($"tar entry \"{_current}\" is missing {_dataRemaining} bytes of data");
        }

        var pax = new List<KeyValuePair<string, byte[]>>();
        var name = header.Name;
        var prefix = "";
        var nameFits = TarFormat.IsAscii(name) && Encoding.ASCII.GetByteCount(name) <= TarFormat.NameSize;
        if (!nameFits)
        {
            pax.Add(new("path", Encoding.UTF8.GetBytes(name)));
        }

        var linkFits = TarFormat.IsAscii(header.LinkName) && header.LinkName.Length <= TarFormat.LinkNameSize;
        if (!linkFits)
        {
            pax.Add(new("linkpath", Encoding.UTF8.GetBytes(header.LinkName)));
        }

        AddNumberRecord(pax, "uid", header.Uid, TarFormat.UidSize);
        AddNumberRecord(pax, "gid", header.Gid, TarFormat.GidSize);
        AddNumberRecord(pax, "size", header.Size, TarFormat.SizeSize);
        AddNumberRecord(pax, "mtime", header.ModificationTime.Seconds, TarFormat.MtimeSize);
        if (header.Xattrs is { Count: > 0 } xattrs)
        {
            foreach (var (key, value) in xattrs)
            {
                pax.Add(new("SCHILY.xattr." + key, value));
            }
        }

        // Only the name is in the way: ustar can still hold it, split at a slash (Go prefers ustar whenever it can).
        if (pax.Count == 1 && !nameFits && TrySplitUstarName(name, out var p, out var n))
        {
            pax.Clear();
            prefix = p;
            name = n;
        }

        if (pax.Count > 0)
        {
            pax.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            var records = FormatRecords(pax);
            await WriteBlockAsync(BuildPaxHeaderBlock(header.Name, records.Length), cancellationToken).ConfigureAwait(false);
            await WriteBytesAsync(records, cancellationToken).ConfigureAwait(false);
            await WriteZerosAsync((TarFormat.BlockSize - (records.Length % TarFormat.BlockSize)) % TarFormat.BlockSize, cancellationToken).ConfigureAwait(false);
        }

        await WriteBlockAsync(BuildHeaderBlock(header, name, prefix), cancellationToken).ConfigureAwait(false);
        _current = header.Name;
        _dataRemaining = header.Kind == TarEntryKind.Regular ? header.Size : 0;
        _padding = (int)((TarFormat.BlockSize - (_dataRemaining % TarFormat.BlockSize)) % TarFormat.BlockSize);
        if (_dataRemaining == 0)
        {
            await WriteZerosAsync(_padding, cancellationToken).ConfigureAwait(false);
            _padding = 0;
        }
    }

    /// <summary>Writes part of the current entry's data; padding follows automatically after the last byte.</summary>
    public async ValueTask WriteDataAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (data.Length > _dataRemaining)
        {
            throw new InvalidOperationException($"tar entry \"{_current}\" got more data than its size");
        }

        await WriteBytesAsync(data, cancellationToken).ConfigureAwait(false);
        _dataRemaining -= data.Length;
        if (_dataRemaining == 0)
        {
            await WriteZerosAsync(_padding, cancellationToken).ConfigureAwait(false);
            _padding = 0;
        }
    }

    /// <summary>Writes the end-of-archive marker (two zero blocks, as Go does) and flushes everything to the output.</summary>
    public async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        if (_dataRemaining != 0)
        {
            throw new InvalidOperationException($"tar entry \"{_current}\" is missing {_dataRemaining} bytes of data");
        }

        await WriteZerosAsync(2 * TarFormat.BlockSize, cancellationToken).ConfigureAwait(false);
        await FlushBufferAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void AddNumberRecord(List<KeyValuePair<string, byte[]>> pax, string key, long value, int fieldSize)
    {
        if (!TarFormat.FitsOctal(value, fieldSize))
        {
            pax.Add(new(key, Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture))));
        }
    }

    /// <summary>Go's splitUSTARPath: prefix ≤ 155 bytes, name ≤ 100 bytes, split at a slash, neither empty.</summary>
    private static bool TrySplitUstarName(string name, out string prefix, out string rest)
    {
        prefix = "";
        rest = "";
        var length = name.Length;
        if (length <= TarFormat.NameSize || !TarFormat.IsAscii(name))
        {
            return false;
        }

        if (length > TarFormat.PrefixSize + 1)
        {
            length = TarFormat.PrefixSize + 1;
        }
        else if (name[length - 1] == '/')
        {
            length--;
        }

        var slash = name.LastIndexOf('/', length - 1);
        var nameLength = name.Length - slash - 1;
        if (slash <= 0 || nameLength > TarFormat.NameSize || nameLength == 0 || slash > TarFormat.PrefixSize)
        {
            return false;
        }

        prefix = name[..slash];
        rest = name[(slash + 1)..];
        return true;
    }

    /// <summary>"%d %s=%s\n" records where the leading length counts the whole record, itself included.</summary>
    private static byte[] FormatRecords(List<KeyValuePair<string, byte[]>> records)
    {
        using var stream = new MemoryStream();
        Span<byte> digits = stackalloc byte[20];
        foreach (var (key, value) in records)
        {
            var keyBytes = Encoding.UTF8.GetBytes(key);
            var body = keyBytes.Length + value.Length + 3; // ' ', '=', '\n'
            var length = body + CountDigits(body);
            if (CountDigits(length) != CountDigits(body))
            {
                length = body + CountDigits(length);
            }

            var text = length.ToString(CultureInfo.InvariantCulture);
            var n = Encoding.ASCII.GetBytes(text, digits);
            stream.Write(digits[..n]);
            stream.WriteByte((byte)' ');
            stream.Write(keyBytes);
            stream.WriteByte((byte)'=');
            stream.Write(value);
            stream.WriteByte((byte)'\n');
        }

        return stream.ToArray();
    }

    private static int CountDigits(int value) => value.ToString(CultureInfo.InvariantCulture).Length;

    /// <summary>The 'x' header before an entry, named like Go names it: dir/PaxHeaders.0/base, cut to 100 ASCII bytes.</summary>
    private static byte[] BuildPaxHeaderBlock(string realName, int size)
    {
        // path.Split: "a/b/" -> ("a/b/", ""), "a/f" -> ("a/", "f"); then path.Join(dir, "PaxHeaders.0", file).
        var slash = realName.LastIndexOf('/');
        var dir = realName[..(slash + 1)];
        var file = realName[(slash + 1)..];
        var name = dir + "PaxHeaders.0" + (file.Length > 0 ? "/" + file : "");
        var ascii = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (c < 0x80)
            {
                ascii.Append(c);
            }
        }

        var block = new byte[TarFormat.BlockSize];
        var nameBytes = Encoding.ASCII.GetBytes(ascii.ToString());
        nameBytes.AsSpan(0, Math.Min(nameBytes.Length, TarFormat.NameSize)).CopyTo(block);
        TarFormat.FormatOctal(block.AsSpan(TarFormat.ModeOffset, TarFormat.ModeSize), 0);
        TarFormat.FormatOctal(block.AsSpan(TarFormat.UidOffset, TarFormat.UidSize), 0);
        TarFormat.FormatOctal(block.AsSpan(TarFormat.GidOffset, TarFormat.GidSize), 0);
        TarFormat.FormatOctal(block.AsSpan(TarFormat.SizeOffset, TarFormat.SizeSize), size);
        TarFormat.FormatOctal(block.AsSpan(TarFormat.MtimeOffset, TarFormat.MtimeSize), 0);
        block[TarFormat.TypeOffset] = (byte)'x';
        "ustar\000"u8.CopyTo(block.AsSpan(TarFormat.MagicOffset));
        WriteChecksum(block);
        return block;
    }

    private static byte[] BuildHeaderBlock(TarHeader header, string name, string prefix)
    {
        var block = new byte[TarFormat.BlockSize];
        PutString(block.AsSpan(TarFormat.NameOffset, TarFormat.NameSize), name);
        TarFormat.FormatOctal(block.AsSpan(TarFormat.ModeOffset, TarFormat.ModeSize), header.Mode & 0xFFF);
        PutNumber(block.AsSpan(TarFormat.UidOffset, TarFormat.UidSize), header.Uid);
        PutNumber(block.AsSpan(TarFormat.GidOffset, TarFormat.GidSize), header.Gid);
        PutNumber(block.AsSpan(TarFormat.SizeOffset, TarFormat.SizeSize), header.Kind == TarEntryKind.Regular ? header.Size : 0);
        PutNumber(block.AsSpan(TarFormat.MtimeOffset, TarFormat.MtimeSize), header.ModificationTime.Seconds);
        block[TarFormat.TypeOffset] = header.Kind switch
        {
            TarEntryKind.Regular => (byte)'0',
            TarEntryKind.HardLink => (byte)'1',
            TarEntryKind.SymbolicLink => (byte)'2',
            TarEntryKind.CharacterDevice => (byte)'3',
            TarEntryKind.BlockDevice => (byte)'4',
            TarEntryKind.Directory => (byte)'5',
            _ => (byte)'6',
        };
        PutString(block.AsSpan(TarFormat.LinkNameOffset, TarFormat.LinkNameSize), header.LinkName);
        "ustar\000"u8.CopyTo(block.AsSpan(TarFormat.MagicOffset));
        PutDevice(block.AsSpan(TarFormat.DevMajorOffset, TarFormat.DevMajorSize), header.DeviceMajor);
        PutDevice(block.AsSpan(TarFormat.DevMinorOffset, TarFormat.DevMinorSize), header.DeviceMinor);
        PutString(block.AsSpan(TarFormat.PrefixOffset, TarFormat.PrefixSize), prefix);
        WriteChecksum(block);
        return block;
    }

    /// <summary>ASCII only (non-ASCII and overlong names went to a PAX record); cut to the field, NUL-terminated if shorter.</summary>
    private static void PutString(Span<byte> field, string value)
    {
        var i = 0;
        foreach (var c in value)
        {
            if (i == field.Length)
            {
                break;
            }

            if (c < 0x80)
            {
                field[i++] = (byte)c;
            }
        }
    }

    /// <summary>Octal when it fits; otherwise 0 here and the real value in a PAX record (already added).</summary>
    private static void PutNumber(Span<byte> field, long value) =>
        TarFormat.FormatOctal(field, TarFormat.FitsOctal(value, field.Length) ? value : 0);

    /// <summary>Device numbers have no PAX record: base-256 when octal cannot hold them (GNU, read by Go and GNU tar).</summary>
    private static void PutDevice(Span<byte> field, uint value)
    {
        if (TarFormat.FitsOctal(value, field.Length))
        {
            TarFormat.FormatOctal(field, value);
        }
        else
        {
            TarFormat.FormatBase256(field, value);
        }
    }

    private static void WriteChecksum(Span<byte> block)
    {
        var (sum, _) = TarFormat.Checksums(block);
        var field = block.Slice(TarFormat.ChecksumOffset, TarFormat.ChecksumSize);
        TarFormat.FormatOctal(field[..7], sum);
        field[7] = (byte)' ';
    }

    private ValueTask WriteBlockAsync(byte[] block, CancellationToken cancellationToken) => WriteBytesAsync(block, cancellationToken);

    private async ValueTask WriteBytesAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            if (_used == _buffer.Length)
            {
                await FlushBufferAsync(cancellationToken).ConfigureAwait(false);
            }

            var take = Math.Min(data.Length, _buffer.Length - _used);
            data.Span[..take].CopyTo(_buffer.AsSpan(_used));
            _used += take;
            data = data[take..];
        }
    }

    private async ValueTask WriteZerosAsync(int count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (_used == _buffer.Length)
            {
                await FlushBufferAsync(cancellationToken).ConfigureAwait(false);
            }

            var take = Math.Min(count, _buffer.Length - _used);
            _buffer.AsSpan(_used, take).Clear();
            _used += take;
            count -= take;
        }
    }

    private async ValueTask FlushBufferAsync(CancellationToken cancellationToken)
    {
        if (_used > 0)
        {
            await _output.WriteAsync(_buffer.AsMemory(0, _used), cancellationToken).ConfigureAwait(false);
            _used = 0;
        }
    }
}
