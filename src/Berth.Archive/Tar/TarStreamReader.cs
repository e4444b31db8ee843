using System.Buffers;
using System.Buffers.Text;
using System.Text;
using Berth.Platform;

namespace Berth.Archive.Tar;

/// <summary>
/// Reads a tar stream entry by entry: ustar, GNU (long names 'L'/'K', base-256 numbers, atime) and PAX (local extended
/// headers; global ones are read and ignored, as containers/storage does). Extended attribute values from
/// <c>SCHILY.xattr.*</c> records are kept as raw bytes — they are binary (security.capability), which is why this does
/// not use System.Formats.Tar (it decodes PAX values as UTF-8). GNU sparse files are refused.
/// The stream is read forward only, through a pooled buffer; entry data is handed out in chunks of that buffer.
/// </summary>
internal sealed class TarStreamReader : IDisposable
{
    private const int BufferSize = 256 * 1024;

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _consumed;
    private long _dataRemaining;
    private int _padding;
    private bool _finished;

    public TarStreamReader(Stream stream)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    }

    /// <summary>Where the current entry's data starts, counted from where this reader started in the stream.</summary>
    public long DataOffset { get; private set; }

    /// <summary>The next entry, or null at the end of the archive. Skips whatever data of the previous entry was not read.</summary>
    public async ValueTask<TarHeader?> ReadNextAsync(CancellationToken cancellationToken)
    {
        if (_finished)
        {
            return null;
        }

        await SkipAsync(_dataRemaining + _padding, cancellationToken).ConfigureAwait(false);
        _dataRemaining = 0;
        _padding = 0;

        PaxValues? pax = null;
        string? longName = null;
        string? longLink = null;
        while (true)
        {
            var headerOffset = _consumed;
            if (!await EnsureAsync(TarFormat.BlockSize, cancellationToken).ConfigureAwait(false))
            {
                if (_end - _start != 0)
                {
                    throw Corrupt($"the archive ends inside a header at offset {headerOffset}");
                }

                if (pax is not null || longName is not null || longLink is not null)
                {
                    throw Corrupt("the archive ends after an extended header without its entry");
                }

                _finished = true;
                return null;
            }

            var block = _buffer.AsSpan(_start, TarFormat.BlockSize);
            if (!block.ContainsAnyExcept((byte)0))
            {
                Consume(TarFormat.BlockSize);
                // End of archive: two zero blocks. One zero block then the end of the stream is accepted too; one zero
                // block followed by a header is not (Go's archive/tar agrees).
                if (await EnsureAsync(TarFormat.BlockSize, cancellationToken).ConfigureAwait(false) &&
                    _buffer.AsSpan(_start, TarFormat.BlockSize).ContainsAnyExcept((byte)0))
                {
                    throw Corrupt($"a zero block at offset {headerOffset} is followed by more entries");
                }

                _finished = true;
                return null;
            }

            var (unsignedSum, signedSum) = TarFormat.Checksums(block);
            if (!TarFormat.TryParseNumber(block.Slice(TarFormat.ChecksumOffset, TarFormat.ChecksumSize), out var stored) ||
                (stored != unsignedSum && stored != signedSum))
            {
                throw Corrupt($"bad header checksum at offset {headerOffset} (not a tar archive, or corrupt)");
            }

            var type = (char)block[TarFormat.TypeOffset];
            var size = ParseNumber(block, TarFormat.SizeOffset, TarFormat.SizeSize, "size", headerOffset);
            if (size < 0)
            {
                throw Corrupt($"negative size in the header at offset {headerOffset}");
            }

            switch (type)
            {
                case 'x':
                case 'g':
                    {
                        Consume(TarFormat.BlockSize);
                        var data = await ReadSpecialAsync(size, headerOffset, cancellationToken).ConfigureAwait(false);
                        if (type == 'x')
                        {
                            pax ??= new PaxValues();
                            pax.Parse(data, headerOffset);
                        }

                        continue;
                    }

                case 'L':
                case 'K':
                    {
                        Consume(TarFormat.BlockSize);
                        var data = await ReadSpecialAsync(size, headerOffset, cancellationToken).ConfigureAwait(false);
                        var text = DecodeName(TarFormat.StringField(data), headerOffset);
                        if (type == 'L')
                        {
                            longName = text;
                        }
                        else
                        {
                            longLink = text;
                        }

                        continue;
                    }

                case 'S':
                    throw Corrupt($"the entry at offset {headerOffset} is a GNU sparse file, which Berth does not support");
            }

            var header = ParseEntry(block, type, size, headerOffset);
            Consume(TarFormat.BlockSize);
            if (pax is not null)
            {
                if (pax.Sparse)
                {
                    throw Corrupt($"the entry at offset {headerOffset} is a PAX sparse file, which Berth does not support");
                }

                pax.ApplyTo(header);
            }

            if (longName is not null && pax?.Path is null)
            {
                header.Name = longName;
            }

            if (longLink is not null && pax?.LinkPath is null)
            {
                header.LinkName = longLink;
            }

            if (type == '\0' && header.Name.EndsWith('/'))
            {
                // Pre-POSIX archives mark directories with a trailing slash on a regular entry.
                header.Kind = TarEntryKind.Directory;
            }

            var dataSize = TarHeader.IsHeaderOnly(header.Kind) ? 0 : header.Size;
            if (TarHeader.IsHeaderOnly(header.Kind))
            {
                header.Size = 0;
            }

            _dataRemaining = dataSize;
            DataOffset = _consumed;
            _padding = (int)((TarFormat.BlockSize - (dataSize % TarFormat.BlockSize)) % TarFormat.BlockSize);
            return header;
        }
    }

    /// <summary>The next chunk of the current entry's data (empty at its end). It stays valid until the next call.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadDataAsync(CancellationToken cancellationToken)
    {
        if (_dataRemaining == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        if (_start == _end)
        {
            _start = 0;
            _end = 0;
            var n = await _stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw Corrupt("the archive ends inside an entry's data (truncated)");
            }

            _end = n;
        }

        var take = (int)Math.Min(_dataRemaining, _end - _start);
        var chunk = _buffer.AsMemory(_start, take);
        Consume(take);
        _dataRemaining -= take;
        return chunk;
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private TarHeader ParseEntry(ReadOnlySpan<byte> block, char type, long size, long offset)
    {
        var kind = type switch
        {
            '0' or '\0' or '7' => TarEntryKind.Regular,
            '1' => TarEntryKind.HardLink,
            '2' => TarEntryKind.SymbolicLink,
            '3' => TarEntryKind.CharacterDevice,
            '4' => TarEntryKind.BlockDevice,
            '5' => TarEntryKind.Directory,
            '6' => TarEntryKind.Fifo,
            _ => throw Corrupt($"the entry at offset {offset} has type '{(type >= ' ' && type < 127 ? type.ToString() : $"\\x{(int)type:x2}")}', which a layer cannot hold"),
        };

        var name = TarFormat.StringField(block.Slice(TarFormat.NameOffset, TarFormat.NameSize));
        string fullName;
        if (TarFormat.IsPosixUstar(block))
        {
            var prefix = TarFormat.StringField(block.Slice(TarFormat.PrefixOffset, TarFormat.PrefixSize));
            fullName = prefix.IsEmpty ? DecodeName(name, offset) : DecodeName(prefix, offset) + "/" + DecodeName(name, offset);
        }
        else
        {
            fullName = DecodeName(name, offset);
        }

        var header = new TarHeader
        {
            Name = fullName,
            LinkName = DecodeName(TarFormat.StringField(block.Slice(TarFormat.LinkNameOffset, TarFormat.LinkNameSize)), offset),
            Kind = kind,
            Mode = (uint)(ParseNumber(block, TarFormat.ModeOffset, TarFormat.ModeSize, "mode", offset) & 0xFFF),
            Uid = ParseNumber(block, TarFormat.UidOffset, TarFormat.UidSize, "uid", offset),
            Gid = ParseNumber(block, TarFormat.GidOffset, TarFormat.GidSize, "gid", offset),
            Size = size,
            ModificationTime = new UnixTime(ParseNumber(block, TarFormat.MtimeOffset, TarFormat.MtimeSize, "mtime", offset), 0),
        };

        if (kind is TarEntryKind.CharacterDevice or TarEntryKind.BlockDevice)
        {
            header.DeviceMajor = (uint)ParseNumber(block, TarFormat.DevMajorOffset, TarFormat.DevMajorSize, "devmajor", offset);
            header.DeviceMinor = (uint)ParseNumber(block, TarFormat.DevMinorOffset, TarFormat.DevMinorSize, "devminor", offset);
        }

        if (TarFormat.IsGnu(block))
        {
            var atime = ParseNumber(block, TarFormat.GnuAtimeOffset, TarFormat.GnuAtimeSize, "atime", offset);
            if (atime != 0)
            {
                header.AccessTime = new UnixTime(atime, 0);
            }
        }

        return header;
    }

    private static long ParseNumber(ReadOnlySpan<byte> block, int offset, int size, string field, long headerOffset) =>
        TarFormat.TryParseNumber(block.Slice(offset, size), out var value)
            ? value
            : throw Corrupt($"the {field} field of the header at offset {headerOffset} is not a number");

    internal static string DecodeName(ReadOnlySpan<byte> bytes, long offset)
    {
        try
        {
            return TarFormat.StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Corrupt($"a name in the header at offset {offset} is not valid UTF-8 ({Convert.ToHexString(bytes)}); Berth cannot apply it without renaming the file");
        }
    }

    internal static BerthException Corrupt(string what) => BerthException.InvalidArgument($"layer is not a valid tar archive: {what}");

    private async ValueTask<byte[]> ReadSpecialAsync(long size, long offset, CancellationToken cancellationToken)
    {
        if (size > TarFormat.MaxSpecialFileSize)
        {
            throw Corrupt($"the extended header at offset {offset} is {size} bytes, more than the {TarFormat.MaxSpecialFileSize} allowed");
        }

        var data = new byte[size];
        var filled = 0;
        while (filled < data.Length)
        {
            if (_start == _end && !await EnsureAsync(1, cancellationToken).ConfigureAwait(false))
            {
                throw Corrupt($"the archive ends inside the extended header at offset {offset}");
            }

            var take = Math.Min(data.Length - filled, _end - _start);
            _buffer.AsSpan(_start, take).CopyTo(data.AsSpan(filled));
            Consume(take);
            filled += take;
        }

        await SkipAsync((TarFormat.BlockSize - (size % TarFormat.BlockSize)) % TarFormat.BlockSize, cancellationToken).ConfigureAwait(false);
        return data;
    }

    private void Consume(int count)
    {
        _start += count;
        _consumed += count;
    }

    /// <summary>Makes at least <paramref name="count"/> bytes available in the buffer; false when the stream ends first.</summary>
    private async ValueTask<bool> EnsureAsync(int count, CancellationToken cancellationToken)
    {
        if (_end - _start >= count)
        {
            return true;
        }

        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        while (_end < count)
        {
            var n = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return false;
            }

            _end += n;
        }

        return true;
    }

    private async ValueTask SkipAsync(long count, CancellationToken cancellationToken)
    {
        var buffered = _end - _start;
        if (count > buffered && _stream.CanSeek)
        {
            // A seekable archive (indexing a file): jump over the data instead of reading it.
            _stream.Seek(count - buffered, SeekOrigin.Current);
            _start = _end = 0;
            _consumed += count;
            return;
        }

        while (count > 0)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await _stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
                if (_end == 0)
                {
                    throw Corrupt("the archive ends inside an entry's data (truncated)");
                }
            }

            var take = (int)Math.Min(count, _end - _start);
            Consume(take);
            count -= take;
        }
    }

    /// <summary>The records of PAX extended headers that matter for a layer.</summary>
    private sealed class PaxValues
    {
        private const string XattrPrefix = "SCHILY.xattr.";

        public string? Path { get; private set; }

        public string? LinkPath { get; private set; }

        public bool Sparse { get; private set; }

        private long? _size;
        private long? _uid;
        private long? _gid;
        private UnixTime? _mtime;
        private UnixTime? _atime;
        private List<KeyValuePair<string, byte[]>>? _xattrs;

        /// <summary>Records are "length key=value\n", length counting the whole record in bytes.</summary>
        public void Parse(ReadOnlySpan<byte> data, long offset)
        {
            while (!data.IsEmpty)
            {
                var space = data.IndexOf((byte)' ');
                if (space <= 0 || !Utf8Parser.TryParse(data[..space], out int length, out var used) || used != space ||
                    length <= space + 1 || length > data.Length || data[length - 1] != '\n')
                {
                    throw Corrupt($"malformed PAX record in the extended header at offset {offset}");
                }

                var record = data[(space + 1)..(length - 1)];
                data = data[length..];
                var equals = record.IndexOf((byte)'=');
                if (equals <= 0)
                {
                    throw Corrupt($"malformed PAX record in the extended header at offset {offset}");
                }

                var key = DecodeName(record[..equals], offset);
                var value = record[(equals + 1)..];
                Set(key, value, offset);
            }
        }

        private void Set(string key, ReadOnlySpan<byte> value, long offset)
        {
            switch (key)
            {
                case "path":
                    Path = DecodeName(RefuseNul(value, key, offset), offset);
                    return;
                case "linkpath":
                    LinkPath = DecodeName(RefuseNul(value, key, offset), offset);
                    return;
                case "size":
                    _size = ParseDecimal(value, key, offset);
                    return;
                case "uid":
                    _uid = ParseDecimal(value, key, offset);
                    return;
                case "gid":
                    _gid = ParseDecimal(value, key, offset);
                    return;
                case "mtime":
                    _mtime = ParseTime(value, key, offset);
                    return;
                case "atime":
                    _atime = ParseTime(value, key, offset);
                    return;
            }

            if (key.StartsWith(XattrPrefix, StringComparison.Ordinal))
            {
                _xattrs ??= [];
                var name = key[XattrPrefix.Length..];
                _xattrs.RemoveAll(x => x.Key == name);
                _xattrs.Add(new(name, value.ToArray()));
            }
            else if (key.StartsWith("GNU.sparse.", StringComparison.Ordinal))
            {
                Sparse = true;
            }
        }

        public void ApplyTo(TarHeader header)
        {
            if (Path is not null)
            {
                header.Name = Path;
            }

            if (LinkPath is not null)
            {
                header.LinkName = LinkPath;
            }

            header.Size = _size ?? header.Size;
            header.Uid = _uid ?? header.Uid;
            header.Gid = _gid ?? header.Gid;
            header.ModificationTime = _mtime ?? header.ModificationTime;
            header.AccessTime = _atime ?? header.AccessTime;
            header.Xattrs = _xattrs;
        }

        /// <summary>Names go to the kernel as C strings, which end at NUL: a NUL inside one would change the name.</summary>
        private static ReadOnlySpan<byte> RefuseNul(ReadOnlySpan<byte> value, string key, long offset) =>
            value.Contains((byte)0) ? throw Corrupt($"PAX record {key} in the extended header at offset {offset} holds a NUL byte") : value;

        private static long ParseDecimal(ReadOnlySpan<byte> value, string key, long offset) =>
            Utf8Parser.TryParse(value, out long result, out var used) && used == value.Length && result >= 0
                ? result
                : throw Corrupt($"PAX record {key} in the extended header at offset {offset} is not a number");

        private static UnixTime ParseTime(ReadOnlySpan<byte> value, string key, long offset) =>
            TarFormat.TryParsePaxTime(value, out var seconds, out var nanoseconds)
                ? new UnixTime(seconds, nanoseconds)
                : throw Corrupt($"PAX record {key} in the extended header at offset {offset} is not a time");
    }
}
