using System.Formats.Tar;
using System.Text;
using Berth.Archive.Tar;
using Berth.Platform;

namespace Berth.Archive.Tests;

public class TarCodecTests
{
    [Theory]
    [InlineData(99)]
    [InlineData(100)]
    [InlineData(101)]
    [InlineData(155)]
    [InlineData(256)]
    [InlineData(1000)]
    public async Task Writer_NamesOfAnyLength_ReadBackByBothReaders(int length)
    {
        var name = LongName(length);
        var header = new TarHeader { Name = name, Kind = TarEntryKind.Regular, Mode = 0b110_100_100, Size = 1, ModificationTime = new UnixTime(1, 0) };

        var tar = await OwnTar.BuildAsync(header, [42]);

        Assert.Equal(name, (await ReadOwnAsync(tar)).Single().Name);
        Assert.Equal(name, ReadSystem(tar).Single().Name);
    }

    [Fact]
    public async Task Writer_LongDirectoryAndLinkNames_RoundTrip()
    {
        var dir = LongName(140) + "/";
        var target = LongName(180);
        var tar = await BuildAsync(
            new TarHeader { Name = dir, Kind = TarEntryKind.Directory, Mode = 0b111_101_101 },
            new TarHeader { Name = "link", Kind = TarEntryKind.SymbolicLink, LinkName = target },
            new TarHeader { Name = "hard", Kind = TarEntryKind.HardLink, LinkName = target });

        var own = await ReadOwnAsync(tar);
        var system = ReadSystem(tar);

        Assert.Equal([dir, "link", "hard"], own.Select(h => h.Name));
        Assert.Equal([dir, "link", "hard"], system.Select(e => e.Name));
        Assert.Equal(target, own[1].LinkName);
        Assert.Equal(target, system[2].LinkName);
    }

    [Fact]
    public async Task Writer_ValuesBeyondUstar_GoToPaxRecords()
    {
        var header = new TarHeader
        {
            Name = "naïve/日本語.txt",
            Kind = TarEntryKind.Regular,
            Mode = 0b100_111_101_101,
            Uid = 3_000_000,
            Gid = 70_000_000,
            ModificationTime = new UnixTime(-86_400, 0),
        };

        var tar = await OwnTar.BuildAsync(header, []);
        var own = (await ReadOwnAsync(tar)).Single();
        var system = ReadSystem(tar).Single();

        Assert.Equal((header.Name, 3_000_000L, 70_000_000L, -86_400L, 0b100_111_101_101u), (own.Name, own.Uid, own.Gid, own.ModificationTime.Seconds, own.Mode));
        Assert.Equal((header.Name, 3_000_000, 70_000_000, -86_400L), (system.Name, system.Uid, system.Gid, system.ModificationTime.ToUnixTimeSeconds()));
    }

    [Fact]
    public async Task Writer_PaxRecordLengthsAcrossDigitBoundaries_ParseBack()
    {
        var headers = new List<TarHeader>();
        for (var n = 80; n < 1010; n += 7)
        {
            headers.Add(new TarHeader
            {
                Name = $"f{n}",
                Kind = TarEntryKind.Regular,
                Xattrs = [new("user.v", Encoding.ASCII.GetBytes(new string('v', n)))],
            });
        }

        var tar = await BuildAsync([.. headers]);
        var own = await ReadOwnAsync(tar);
        var system = ReadSystem(tar);

        for (var i = 0; i < headers.Count; i++)
        {
            Assert.Equal(headers[i].Xattrs![0].Value, own[i].Xattrs![0].Value);
            Assert.Equal(Encoding.ASCII.GetString(headers[i].Xattrs![0].Value), ((PaxTarEntry)system[i]).ExtendedAttributes["SCHILY.xattr.user.v"]);
        }
    }

    [Fact]
    public async Task Writer_BinaryXattrValue_KeptByteForByte()
    {
        byte[] value = [0x00, 0x80, 0xFF, 0xC3, 0x28, (byte)'\n', (byte)'='];
        var tar = await OwnTar.BuildAsync(new TarHeader { Name = "f", Kind = TarEntryKind.Regular, Xattrs = [new("security.capability", value)] }, []);

        Assert.Equal(value, (await ReadOwnAsync(tar)).Single().Xattrs!.Single().Value);
    }

    [Fact]
    public async Task Writer_SameHeaders_SameBytes()
    {
        var header = new TarHeader { Name = new string('x', 200), Kind = TarEntryKind.Regular, Xattrs = [new("user.a", [1])] };

        Assert.Equal(await OwnTar.BuildAsync(header, []), await OwnTar.BuildAsync(header, []));
        Assert.Contains("PaxHeaders.0/", Encoding.ASCII.GetString(await OwnTar.BuildAsync(header, [])), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0, 0, 0, 0, 0, 0, 0x01, 0x00 }, 256L)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, -1L)]
    [InlineData(new byte[] { (byte)' ', (byte)'7', (byte)'5', (byte)'5', 0 }, 493L)]
    [InlineData(new byte[] { 0, 0, 0 }, 0L)]
    public void TryParseNumber_OctalAndBase256_Parsed(byte[] field, long expected)
    {
        Assert.True(TarFormat.TryParseNumber(field, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("1.5", 1L, 500_000_000u)]
    [InlineData("-1.25", -2L, 750_000_000u)]
    [InlineData("1600000000.123456789999", 1_600_000_000L, 123_456_789u)]
    [InlineData("42", 42L, 0u)]
    public void TryParsePaxTime_Fractions_SecondsAndNanoseconds(string text, long seconds, uint nanoseconds)
    {
        Assert.True(TarFormat.TryParsePaxTime(Encoding.ASCII.GetBytes(text), out var s, out var ns));
        Assert.Equal((seconds, nanoseconds), (s, ns));
    }

    [Theory]
    [InlineData("1.x")]
    [InlineData("")]
    [InlineData("1e9")]
    public void TryParsePaxTime_Garbage_Refused(string text) =>
        Assert.False(TarFormat.TryParsePaxTime(Encoding.ASCII.GetBytes(text), out _, out _));

    [Fact]
    public async Task Reader_PaxSubsecondTimes_Kept()
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, "t", new Dictionary<string, string> { ["atime"] = "1600000001.5" })
        {
            ModificationTime = DateTimeOffset.FromUnixTimeMilliseconds(1_600_000_000_250),
        };
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, leaveOpen: true))
        {
            writer.WriteEntry(entry);
        }

        var header = (await ReadOwnAsync(stream.ToArray())).Single();

        Assert.Equal(new UnixTime(1_600_000_000, 250_000_000), header.ModificationTime);
        Assert.Equal(new UnixTime(1_600_000_001, 500_000_000), header.AccessTime);
    }

    [Fact]
    public async Task Reader_GnuSparse_Refused()
    {
        var tar = await OwnTar.BuildAsync(new TarHeader { Name = "s", Kind = TarEntryKind.Regular }, []);
        tar[TarFormat.TypeOffset] = (byte)'S';
        var sum = TarFormat.Checksums(tar.AsSpan(0, 512)).Unsigned;
        TarFormat.FormatOctal(tar.AsSpan(TarFormat.ChecksumOffset, 7), sum);

        var e = await Assert.ThrowsAsync<BerthException>(() => ReadOwnAsync(tar));

        Assert.Contains("sparse", e.Message, StringComparison.Ordinal);
    }

    private static string LongName(int length)
    {
        var b = new StringBuilder();
        while (b.Length < length)
        {
            b.Append(b.Length % 40 == 39 ? '/' : (char)('a' + (b.Length % 26)));
        }

        var name = b.ToString(0, length);
        return name.EndsWith('/') ? name[..^1] + "z" : name;
    }

    private static async Task<byte[]> BuildAsync(params TarHeader[] headers)
    {
        var output = new MemoryStream();
        using (var writer = new TarStreamWriter(output))
        {
            foreach (var header in headers)
            {
                await writer.WriteHeaderAsync(header, CancellationToken.None);
            }

            await writer.FinishAsync(CancellationToken.None);
        }

        return output.ToArray();
    }

    private static async Task<List<TarHeader>> ReadOwnAsync(byte[] tar)
    {
        var result = new List<TarHeader>();
        using var reader = new TarStreamReader(new MemoryStream(tar));
        while (await reader.ReadNextAsync(CancellationToken.None) is { } header)
        {
            result.Add(header);
        }

        return result;
    }

    private static List<TarEntry> ReadSystem(byte[] tar)
    {
        var result = new List<TarEntry>();
        using var reader = new TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry() is { } entry)
        {
            result.Add(entry);
        }

        return result;
    }
}
