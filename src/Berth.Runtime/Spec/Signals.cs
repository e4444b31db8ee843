using System.Globalization;
using Berth.Oci;

namespace Berth.Runtime.Spec;

/// <summary>Linux signal names and numbers (x86/arm), for StopSignal.</summary>
public static class Signals
{
    /// <summary>SIGTERM, the default stop signal.</summary>
    public const int Default = 15;

    private static readonly string[] Names =
    [
        "", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM",
        "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF",
        "WINCH", "IO", "PWR", "SYS",
    ];

    /// <summary>"SIGINT", "INT", "2" or "" (the default, 15) to a number; RTMIN+n as well.</summary>
    public static int Parse(string text)
    {
        if (text.Length == 0)
        {
            return Default;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and <= 64)
        {
            return number;
        }
        var name = text.ToUpperInvariant();
        name = name.StartsWith("SIG", StringComparison.Ordinal) ? name[3..] : name;
        var index = Array.IndexOf(Names, name);
        if (index > 0)
        {
            return index;
        }
        if (name.StartsWith("RTMIN+", StringComparison.Ordinal) && int.TryParse(name[6..], NumberStyles.None, CultureInfo.InvariantCulture, out var plus) && 34 + plus <= 64)
        {
            return 34 + plus;
        }
        if (name.StartsWith("RTMAX-", StringComparison.Ordinal) && int.TryParse(name[6..], NumberStyles.None, CultureInfo.InvariantCulture, out var minus) && 64 - minus >= 34)
        {
            return 64 - minus;
        }
        return name switch
        {
            "IOT" => 6,
            "POLL" => 29,
            "CLD" => 17,
            "RTMIN" => 34,
            "RTMAX" => 64,
            _ => throw BerthException.InvalidArgument($"invalid signal: {text}"),
        };
    }
}
