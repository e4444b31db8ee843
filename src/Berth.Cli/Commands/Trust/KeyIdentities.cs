using System.Text;

namespace Berth.Cli.Commands.Trust;

/// <summary>
/// The user IDs podman shows for a GPG key file: it runs <c>gpg2 --with-colons FILE</c> and keeps field 10 of the
/// <c>uid</c> lines (gpg's escaping of <c>:</c>, <c>\</c> and control characters included), reduced to the e-mail
/// address between <c>&lt;</c> and <c>&gt;</c> when there is one. Berth reads the OpenPGP packets (binary or
/// ASCII-armored) itself; a file gpg would reject shows no IDs and logs an error, as podman does.
/// </summary>
internal static class KeyIdentities
{
    public static IEnumerable<string> FromFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e switch
            {
                _ when Directory.Exists(path) => "read " + path + ": is a directory",
                UnauthorizedAccessException => "open " + path + ": permission denied",
                FileNotFoundException or DirectoryNotFoundException => "open " + path + ": no such file or directory",
                _ => "open " + path + ": " + e.Message,
            };
            TrustLog.Error($"Getting key identity: {reason}");
            return [];
        }

        return FromBytes(bytes, path);
    }

    public static IEnumerable<string> FromBytes(byte[] data, string source)
    {
        string? armorError = null;
        var binary = data.Length > 0 && (data[0] & 0x80) != 0 ? data : OpenPgpPackets.Dearmor(data, out armorError);
        var userIds = new List<byte[]>();
        var problem = binary is null ? armorError : OpenPgpPackets.ReadUserIds(binary, userIds);
        if (problem is not null)
        {
            TrustLog.Error($"Getting key identity: {source}: {problem}");
            return [];
        }

        var ids = new List<string>();
        foreach (var uid in userIds.Select(ColonField))
        {
            if (uid.Length == 0)
            {
                continue;
            }

            var open = uid.IndexOf('<', StringComparison.Ordinal);
            if (open >= 0 && uid.Contains('>', StringComparison.Ordinal))
            {
                var afterOpen = uid[(open + 1)..];
                var close = afterOpen.IndexOf('>', StringComparison.Ordinal);
                ids.Add(close < 0 ? afterOpen : afterOpen[..close]);
            }
            else
            {
                ids.Add(uid);
            }
        }

        return ids;
    }

    /// <summary>gpg's <c>es_write_sanitized(…, ":")</c>: control characters, DEL, <c>:</c> and <c>\</c> escaped.</summary>
    private static string ColonField(byte[] uid)
    {
        var output = new List<byte>(uid.Length);
        foreach (var b in uid)
        {
            if (b < 0x20 || b == 0x7F || b == ':' || b == '\\')
            {
                var escape = b switch
                {
                    (byte)'\n' => "\\n",
                    (byte)'\r' => "\\r",
                    (byte)'\f' => "\\f",
                    (byte)'\v' => "\\v",
                    (byte)'\b' => "\\b",
                    0 => "\\0",
                    _ => $"\\x{b:x2}",
                };
                output.AddRange(Encoding.ASCII.GetBytes(escape));
            }
            else
            {
                output.Add(b);
            }
        }

        return Encoding.UTF8.GetString(output.ToArray());
    }
}
