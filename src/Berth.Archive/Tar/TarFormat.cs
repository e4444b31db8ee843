using System.Buffers.Text;
using System.Text;

namespace Berth.Archive.Tar;

/// <summary>ustar header layout (POSIX.1-1988, with GNU's variant), numeric fields and strings.</summary>
internal static class TarFormat
{
    public const int BlockSize = 512;

    public const int NameOffset = 0, NameSize = 100;
    public const int ModeOffset = 100, ModeSize = 8;
    public const int UidOffset = 108, UidSize = 8;
    public const int GidOffset = 116, GidSize = 8;
    public const int SizeOffset = 124, SizeSize = 12;
    public const int MtimeOffset = 136, MtimeSize = 12;
    public const int ChecksumOffset = 148, ChecksumSize = 8;
    public const int TypeOffset = 156;
    public const int LinkNameOffset = 157, LinkNameSize = 100;
    public const int MagicOffset = 257;
    public const int UnameOffset = 265, UnameSize = 32;
    public const int GnameOffset = 297, GnameSize = 32;
    public const int DevMajorOffset = 329, DevMajorSize = 8;
    public const int DevMinorOffset = 337, DevMinorSize = 8;
    public const int PrefixOffset = 345, PrefixSize = 155;
    public const int GnuAtimeOffset = 345, GnuAtimeSize = 12;

    /// <summary>Largest PAX extended header or GNU long name accepted (Go's archive/tar limit too).</summary>
    public const int MaxSpecialFileSize = 1 << 20;

    /// <summary>UTF-8 that refuses invalid sequences, so a name is never silently changed.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool IsPosixUstar(ReadOnlySpan<byte> block) => block.Slice(MagicOffset, 8).SequenceEqual("ustar\000"u8);

    public static bool IsGnu(ReadOnlySpan<byte> block) => block.Slice(MagicOffset, 8).SequenceEqual("ustar  \0"u8);

    /// <summary>A numeric field: octal text (spaces/NULs around it) or GNU base-256 (high bit set).</summary>
    public static bool TryParseNumber(ReadOnlySpan<byte> field, out long value)
    {
        value = 0;
        if (field.Length > 0 && (field[0] & 0x80) != 0)
        {
            // Base-256: big-endian two's complement; bit 7 of the first byte is the marker, bit 6 the sign.
            byte invert = (field[0] & 0x40) != 0 ? (byte)0xFF : (byte)0;
            ulong x = 0;
            for (var i = 0; i < field.Length; i++)
            {
                var c = (byte)(field[i] ^ invert);
                if (i == 0)
                {
                    c &= 0x7F;
                }

                if ((x >> 56) != 0)
                {
                    return false;
                }

                x = (x << 8) | c;
            }

            if ((x >> 63) != 0)
            {
                return false;
            }

            value = invert == 0xFF ? ~(long)x : (long)x;
            return true;
        }

        var text = field.Trim(" \0"u8);
        if (text.IsEmpty)
        {
            return true;
        }

        foreach (var c in text)
        {
            if (c is < (byte)'0' or > (byte)'7' || value > (long.MaxValue >> 3))
            {
                return false;
            }

            value = (value << 3) | (uint)(c - '0');
        }

        return true;
    }

    /// <summary>A NUL-terminated string field (it may fill the whole field without a NUL).</summary>
    public static ReadOnlySpan<byte> StringField(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return end < 0 ? field : field[..end];
    }

    /// <summary>Sum of the header bytes with the checksum field counted as spaces: unsigned (POSIX) and signed (old tars).</summary>
    public static (long Unsigned, long Signed) Checksums(ReadOnlySpan<byte> block)
    {
        long unsignedSum = 0, signedSum = 0;
        for (var i = 0; i < BlockSize; i++)
        {
            var b = i is >= ChecksumOffset and < ChecksumOffset + ChecksumSize ? (byte)' ' : block[i];
            unsignedSum += b;
            signedSum += (sbyte)b;
        }

        return (unsignedSum, signedSum);
    }

    /// <summary>Writes octal digits zero-padded to the field size minus one, then a NUL (Go's formatOctal).</summary>
    public static void FormatOctal(Span<byte> field, long value)
    {
        Span<byte> digits = stackalloc byte[24];
        var n = 0;
        var v = (ulong)value;
        do
        {
            digits[n++] = (byte)('0' + (int)(v & 7));
            v >>= 3;
        }
        while (v != 0);

        var width = field.Length - 1;
        var pad = width - n;
        for (var i = 0; i < pad; i++)
        {
            field[i] = (byte)'0';
        }

        for (var i = 0; i < n; i++)
        {
            field[Math.Max(pad, 0) + i] = digits[n - 1 - i];
        }

        field[width] = 0;
    }

    /// <summary>GNU base-256 for numbers octal cannot hold (device numbers above 2097151).</summary>
    public static void FormatBase256(Span<byte> field, long value)
    {
        for (var i = field.Length - 1; i >= 0; i--)
        {
            field[i] = (byte)value;
            value >>= 8;
        }

        field[0] |= 0x80;
    }

    /// <summary>Whether <paramref name="value"/> fits an octal field of <paramref name="fieldSize"/> bytes (one is the NUL).</summary>
    public static bool FitsOctal(long value, int fieldSize) => value >= 0 && (fieldSize - 1) * 3 >= 64 - long.LeadingZeroCount(value);

    public static bool IsAscii(string s)
    {
        foreach (var c in s)
        {
            if (c >= 0x80)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses a decimal PAX time "seconds[.fraction]" (possibly negative) into seconds and nanoseconds.</summary>
    public static bool TryParsePaxTime(ReadOnlySpan<byte> text, out long seconds, out uint nanoseconds)
    {
        seconds = 0;
        nanoseconds = 0;
        var dot = text.IndexOf((byte)'.');
        var whole = dot < 0 ? text : text[..dot];
        if (!Utf8Parser.TryParse(whole, out seconds, out var used) || used != whole.Length)
        {
            return false;
        }

        if (dot < 0)
        {
            return true;
        }

        var fraction = text[(dot + 1)..];
        long nanos = 0;
        for (var i = 0; i < 9; i++)
        {
            var digit = i < fraction.Length ? fraction[i] - '0' : 0;
            if (digit is < 0 or > 9)
            {
                return false;
            }

            nanos = nanos * 10 + digit;
        }

        for (var i = 9; i < fraction.Length; i++)
        {
            if (fraction[i] is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        var negative = whole.Length > 0 && whole[0] == '-';
        if (negative && nanos > 0)
        {
            // "-1.25" is 1.25 seconds before the epoch: -2 s + 0.75 s.
            seconds -= 1;
            nanos = 1_000_000_000 - nanos;
        }

        nanoseconds = (uint)nanos;
        return true;
    }
}
