using System.Globalization;
using Berth.Oci;

namespace Berth.Runtime.Spec;

/// <summary>podman 4.3's addRlimits, plus clamping to the caller's hard limits.</summary>
public static class RlimitModifiers
{
    /// <summary>podman's RLimitDefaultValue: nofile and nproc of a rootful container when nothing sets them.</summary>
    public const ulong DefaultLimit = 1048576;

    /// <summary>
    /// The <c>--ulimit</c> list, or containers.conf's when none is given; then nofile and nproc at 1048576 when
    /// neither list set them. Unlike podman, every limit is then clamped to the caller's hard limit (podman passes
    /// 1048576 through and runc fails with "error setting rlimit type 6" when the host's hard limit is lower).
    /// </summary>
    public static RuntimeSpec WithRlimits(RuntimeSpec spec, ContainerSpecInput input)
    {
        var source = input.Ulimits.Count > 0 ? input.Ulimits : input.DefaultUlimits;
        var limits = new List<RuntimeRlimit>();
        foreach (var text in source)
        {
            var (name, soft, hard) = Parse(text);
            limits.RemoveAll(l => l.Type == TypeOf(name));
            limits.Add(new RuntimeRlimit { Type = TypeOf(name), Soft = soft, Hard = hard });
        }
        foreach (var name in (string[])["nofile", "nproc"])
        {
            if (!limits.Any(l => l.Type == TypeOf(name)))
            {
                limits.Add(new RuntimeRlimit { Type = TypeOf(name), Soft = DefaultLimit, Hard = DefaultLimit });
            }
        }
        if (input.HostHardLimits is { } host)
        {
            limits = limits.Select(l => Clamp(l, host)).ToList();
        }
        return spec with { Process = SpecGenerator.ProcessOf(spec) with { Rlimits = limits } };
    }

    /// <summary>go-units ParseUlimit: "name=soft[:hard]", hard defaulting to soft, -1 meaning unlimited.</summary>
    public static (string Name, ulong Soft, ulong Hard) Parse(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw BerthException.InvalidArgument($"invalid ulimit argument: {text}");
        }
        var name = text[..eq];
        var values = text[(eq + 1)..].Split(':');
        if (values.Length > 2)
        {
            throw BerthException.InvalidArgument($"too many limit value arguments - {text[(eq + 1)..]}, can only have up to two, `soft[:hard]`");
        }
        var soft = Value(values[0], text);
        var hard = values.Length == 2 ? Value(values[1], text) : soft;
        if (soft > hard)
        {
            throw BerthException.InvalidArgument($"ulimit soft limit must be less than or equal to hard limit: {values[0]} > {values[1]}");
        }
        return (name, soft, hard);
    }

    private static ulong Value(string text, string whole) =>
        text == "-1" ? ulong.MaxValue
        : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v
        : throw BerthException.InvalidArgument($"invalid ulimit argument: {whole}");

    private static string TypeOf(string name) => "RLIMIT_" + name.ToUpperInvariant();

    private static RuntimeRlimit Clamp(RuntimeRlimit limit, IReadOnlyDictionary<string, ulong> host)
    {
        var name = limit.Type["RLIMIT_".Length..].ToLowerInvariant();
        if (!host.TryGetValue(name, out var max))
        {
            return limit;
        }
        var hard = Math.Min(limit.Hard, max);
        return limit with { Hard = hard, Soft = Math.Min(limit.Soft, hard) };
    }
}
