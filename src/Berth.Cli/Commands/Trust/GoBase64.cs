using System.Text;

namespace Berth.Cli.Commands.Trust;

/// <summary>Go's <c>base64.StdEncoding.DecodeString</c>, with its error text (<c>illegal base64 data at input byte N</c>).</summary>
internal static class GoBase64
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static byte[]? Decode(string text, out string? error)
    {
        error = null;
        var src = Encoding.UTF8.GetBytes(text);
        var output = new List<byte>(src.Length * 3 / 4);
        var si = 0;
        while (si < src.Length)
        {
            var (next, corrupt) = Quantum(src, si, output);
            if (corrupt >= 0)
            {
                error = $"illegal base64 data at input byte {corrupt}";
                return null;
            }

            if (next == si)
            {
                break;
            }

            si = next;
        }

        return output.ToArray();
    }

    /// <summary>Go's <c>decodeQuantum</c>: returns the next position and the offset of corrupt input (or -1).</summary>
    private static (int Next, int Corrupt) Quantum(byte[] src, int si, List<byte> output)
    {
        Span<int> buffer = stackalloc int[4];
        var length = 4;
        for (var j = 0; j < 4; j++)
        {
            if (si == src.Length)
            {
                if (j == 0)
                {
                    return (si, -1);
                }

                return (si, si - j); // padding is required
            }

            var c = src[si++];
            var value = Alphabet.IndexOf((char)c, StringComparison.Ordinal);
            if (value >= 0 && c < 0x80)
            {
                buffer[j] = value;
                continue;
            }

            if (c is (byte)'\n' or (byte)'\r')
            {
                j--;
                continue;
            }

            if (c != '=' || j < 2)
            {
                return (si, si - 1);
            }

            if (j == 2)
            {
                while (si < src.Length && src[si] is (byte)'\n' or (byte)'\r')
                {
                    si++;
                }

                if (si == src.Length)
                {
                    return (si, src.Length);
                }

                if (src[si] != '=')
                {
                    return (si, si - 1);
                }

                si++;
            }

            while (si < src.Length && src[si] is (byte)'\n' or (byte)'\r')
            {
                si++;
            }

            if (si < src.Length)
            {
                return (si, si); // trailing garbage
            }

            length = j;
            break;
        }

        var val = buffer[0] << 18 | buffer[1] << 12 | (length > 2 ? buffer[2] : 0) << 6 | (length > 3 ? buffer[3] : 0);
        output.Add((byte)(val >> 16));
        if (length > 2)
        {
            output.Add((byte)(val >> 8));
        }

        if (length > 3)
        {
            output.Add((byte)val);
        }

        return (si, -1);
    }
}
