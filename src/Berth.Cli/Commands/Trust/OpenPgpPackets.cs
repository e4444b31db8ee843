using System.Text;

namespace Berth.Cli.Commands.Trust;

/// <summary>The OpenPGP reading behind <see cref="KeyIdentities"/>: RFC 4880 packets and ASCII armor, with gpg's
/// messages for data it rejects.</summary>
internal static class OpenPgpPackets
{
    /// <summary>Walks the packets (RFC 4880 §4.2, old and new headers); collects User ID packets (tag 13).</summary>
    public static string? ReadUserIds(byte[] data, List<byte[]> userIds)
    {
        var pos = 0;
        var first = true;
        while (pos < data.Length)
        {
            var header = data[pos++];
            if ((header & 0x80) == 0)
            {
                return $"invalid packet (ctb={header:x2})";
            }

            int tag;
            var body = new List<byte>();
            if ((header & 0x40) != 0)
            {
                tag = header & 0x3F;
                while (true)
                {
                    if (pos >= data.Length)
                    {
                        return "packet truncated";
                    }

                    int length;
                    var partial = false;
                    var o1 = data[pos++];
                    if (o1 < 192)
                    {
                        length = o1;
                    }
                    else if (o1 < 224)
                    {
                        if (pos >= data.Length)
                        {
                            return "packet truncated";
                        }

                        length = ((o1 - 192) << 8) + data[pos++] + 192;
                    }
                    else if (o1 == 255)
                    {
                        if (pos + 4 > data.Length)
                        {
                            return "packet truncated";
                        }

                        length = (int)Math.Min(int.MaxValue, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(pos, 4)));
                        pos += 4;
                    }
                    else
                    {
                        length = 1 << (o1 & 0x1F);
                        partial = true;
                    }

                    if (length > data.Length - pos)
                    {
                        return "packet truncated";
                    }

                    body.AddRange(data.AsSpan(pos, length).ToArray());
                    pos += length;
                    if (!partial)
                    {
                        break;
                    }
                }
            }
            else
            {
                tag = (header >> 2) & 0x0F;
                var lengthBytes = (header & 3) switch { 0 => 1, 1 => 2, 2 => 4, _ => 0 };
                if (pos + lengthBytes > data.Length)
                {
                    return "packet truncated";
                }

                long length = data.Length - pos;
                if (lengthBytes > 0)
                {
                    length = 0;
                    for (var i = 0; i < lengthBytes; i++)
                    {
                        length = (length << 8) | data[pos++];
                    }
                }

                if (length > data.Length - pos)
                {
                    return "packet truncated";
                }

                body.AddRange(data.AsSpan(pos, (int)length).ToArray());
                pos += (int)length;
            }

            if (first && tag is not (5 or 6))
            {
                return "no valid OpenPGP data found";
            }

            first = false;
            if (tag == 13)
            {
                userIds.Add(body.ToArray());
            }
        }

        return first ? "no valid OpenPGP data found" : null;
    }

    /// <summary>ASCII armor (RFC 4880 §6.2): every <c>-----BEGIN PGP …-----</c> block, headers skipped, CRC-24 checked.</summary>
    public static byte[]? Dearmor(byte[] data, out string? problem)
    {
        problem = null;
        var lines = Encoding.UTF8.GetString(data).Split('\n').Select(l => l.TrimEnd('\r', ' ', '\t')).ToList();
        var output = new List<byte>();
        var blocks = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            if (!lines[i].StartsWith("-----BEGIN PGP ", StringComparison.Ordinal) || !lines[i].EndsWith("-----", StringComparison.Ordinal))
            {
                continue;
            }

            i++;
            var headerEnd = i;
            while (headerEnd < lines.Count && lines[headerEnd].Length > 0 && lines[headerEnd].Contains(": ", StringComparison.Ordinal))
            {
                headerEnd++;
            }

            i = headerEnd < lines.Count && lines[headerEnd].Length == 0 ? headerEnd + 1 : i;
            var base64 = new StringBuilder();
            string? crc = null;
            for (; i < lines.Count && !lines[i].StartsWith("-----", StringComparison.Ordinal); i++)
            {
                if (lines[i].StartsWith('=') && lines[i].Length == 5)
                {
                    crc = lines[i][1..];
                }
                else
                {
                    base64.Append(lines[i]);
                }
            }

            byte[] block;
            try
            {
                block = Convert.FromBase64String(base64.ToString());
            }
            catch (FormatException)
            {
                problem = "invalid radix64 character";
                return null;
            }

            if (crc is not null && !CrcMatches(block, crc))
            {
                problem = "CRC error";
                return null;
            }

            output.AddRange(block);
            blocks++;
        }

        if (blocks == 0)
        {
            problem = "no valid OpenPGP data found";
            return null;
        }

        return output.ToArray();
    }

    private static bool CrcMatches(byte[] data, string encoded)
    {
        byte[] expected;
        try
        {
            expected = Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            return false;
        }

        var crc = 0xB704CEu;
        foreach (var b in data)
        {
            crc ^= (uint)b << 16;
            for (var i = 0; i < 8; i++)
            {
                crc <<= 1;
                if ((crc & 0x1000000) != 0)
                {
                    crc ^= 0x1864CFB;
                }
            }
        }

        return expected.Length == 3 && ((uint)expected[0] << 16 | (uint)expected[1] << 8 | expected[2]) == (crc & 0xFFFFFF);
    }
}
