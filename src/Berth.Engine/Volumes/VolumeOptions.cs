using System.Globalization;
using System.Text.RegularExpressions;

namespace Berth.Engine.Volumes;

/// <summary>The options of a new volume after podman's parse: what is stored, and the owner the directory gets.</summary>
public sealed record ParsedVolumeOptions
{
    public required IReadOnlyDictionary<string, string> Options { get; init; }

    public int? Uid { get; init; }

    public int? Gid { get; init; }

    public bool HasTimeout { get; init; }

    public bool NoQuota { get; init; }

    public bool HasSizeOrInodes { get; init; }

    public bool HasInodes { get; init; }
}

/// <summary>
/// The local driver's options as podman 4.3.1 takes them: <c>o=</c> is split at commas and its <c>uid=</c>,
/// <c>gid=</c>, <c>size=</c>, <c>inodes=</c>, <c>noquota</c> and <c>timeout=</c> are pulled out (recorded as
/// UID/GID/SIZE/INODES/NOQUOTA keys, uid/gid/size/inodes kept in <c>o</c> too); every other key is kept as given. The
/// local driver accepts the keys o, type, device, uid, gid, size, inodes, noquota, copy and nocopy (in any case), and
/// with <c>type=bind</c> the device must exist. The messages are podman's. One change from 4.3.1, as later podman:
/// a tmpfs volume's <c>o=size=</c> is the tmpfs's size, not a project quota.
/// </summary>
public static partial class VolumeOptions
{
    public const string LocalDriver = "local";

    /// <summary>podman's parse.VolumeOptions: errors for malformed uid/gid/size/inodes/timeout values in <c>o=</c>.</summary>
    public static ParsedVolumeOptions Parse(IReadOnlyDictionary<string, string> options)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        int? uid = null, gid = null;
        bool timeout = false, noQuota = false, sized = false, inodes = false;
        foreach (var (key, value) in options.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (key != "o")
            {
                result[key] = value;
                continue;
            }

            var kept = new List<string>();
            foreach (var o in value.Split(','))
            {
                var eq = o.IndexOf('=', StringComparison.Ordinal);
                var name = (eq < 0 ? o : o[..eq]).ToLowerInvariant();
                var arg = eq < 0 ? null : o[(eq + 1)..];
                switch (name)
                {
                    case "size":
                        if (!HumanSize().IsMatch(arg ?? ""))
                        {
                            throw Invalid($"cannot convert size {arg} to integer: invalid size: '{arg}'");
                        }

                        kept.Add(o);
                        result["SIZE"] = arg!;
                        sized = true;
                        break;
                    case "inodes":
                        if (!ulong.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                        {
                            throw Invalid($"cannot convert inodes {arg} to integer: strconv.ParseUint: parsing {GoQuote(arg ?? "")}: invalid syntax");
                        }

                        kept.Add(o);
                        result["INODES"] = arg!;
                        sized = inodes = true;
                        break;
                    case "uid":
                        uid = Id("uid", "UID", arg);
                        kept.Add(o);
                        result["UID"] = arg!;
                        break;
                    case "gid":
                        gid = Id("gid", "GID", arg);
                        kept.Add(o);
                        result["GID"] = arg!;
                        break;
                    case "noquota":
                        noQuota = true;
                        result["NOQUOTA"] = "true";
                        break;
                    case "timeout":
                        if (arg is null)
                        {
                            throw Invalid("timeout option must provide a valid timeout in seconds: invalid argument");
                        }

                        var seconds = Atoi(arg) ?? throw Invalid($"cannot convert Timeout {arg} to an integer: strconv.Atoi: parsing {GoQuote(arg)}: invalid syntax");
                        if (seconds < 0)
                        {
                            throw Invalid($"volume timeout cannot be negative (got {seconds.ToString(CultureInfo.InvariantCulture)})");
                        }

                        timeout = true;
                        break;
                    default:
                        kept.Add(o);
                        break;
                }
            }

            if (kept.Count > 0)
            {
                result["o"] = string.Join(',', kept);
            }
        }

        return new ParsedVolumeOptions { Options = result, Uid = uid, Gid = gid, HasTimeout = timeout, NoQuota = noQuota, HasSizeOrInodes = sized, HasInodes = inodes };
    }

    /// <summary>
    /// The local driver's check of the stored options (keys in order): unknown keys are refused, a bind's device must
    /// exist; then size/inodes, which need project quota (Berth has none, as podman on a file system without it).
    /// </summary>
    public static void ValidateLocal(ParsedVolumeOptions parsed, Func<string, string?>? statError = null)
    {
        statError ??= StatError;
        var options = parsed.Options;
        foreach (var (key, value) in options)
        {
            switch (key.ToLowerInvariant())
            {
                case "device":
                    if (options.TryGetValue("type", out var type) && type.Equals("bind", StringComparison.OrdinalIgnoreCase) && statError(value) is { } error)
                    {
                        throw Invalid($"invalid volume option {key} for driver 'local': {error}");
                    }

                    break;
                case "o" or "type" or "uid" or "gid" or "size" or "inodes" or "noquota" or "copy" or "nocopy":
                    break;
                default:
                    throw Invalid($"invalid mount option {key} for driver 'local': invalid argument");
            }
        }

        if (parsed.NoQuota && parsed.HasSizeOrInodes)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "volume options size and inodes cannot be used without quota");
        }

        if (options.TryGetValue("type", out var fsType) && fsType == "tmpfs")
        {
            // podman 4.3.1 sends a tmpfs's size= to the project quota check too and refuses it; later podman (as here)
            // leaves size to tmpfs and refuses only inodes.
            if (parsed.HasInodes)
            {
                throw new BerthException(ErrorKind.InvalidArgument, "volume option inodes not supported on tmpfs filesystem");
            }
        }
        else if (parsed.HasSizeOrInodes)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "volume options size and inodes not supported. Filesystem does not support Project Quota");
        }
    }

    /// <summary>
    /// libpod's needsMount for the local driver: a mount is needed when there are options besides UID, GID, SIZE,
    /// NOQUOTA, nocopy and copy (and the <c>o</c> that comes with any of them).
    /// </summary>
    public static bool NeedsMount(IReadOnlyDictionary<string, string> options)
    {
        var ignored = 0;
        foreach (var key in (ReadOnlySpan<string>)["UID", "GID", "SIZE", "NOQUOTA", "nocopy", "copy"])
        {
            if (options.ContainsKey(key))
            {
                ignored++;
            }
        }

        if (ignored > 0)
        {
            ignored++;
        }

        return options.Count > ignored;
    }

    /// <summary>
    /// The mount of a volume with options, as libpod runs mount(8): the file system type (a bind when it is "bind" or
    /// the options say bind/rbind), the device (the type when no device is given, as for tmpfs), the <c>o</c> words.
    /// </summary>
    public static Platform.Mount MountFor(IReadOnlyDictionary<string, string> options, string target)
    {
        options.TryGetValue("device", out var device);
        options.TryGetValue("type", out var type);
        options.TryGetValue("o", out var o);
        type ??= "";
        var words = string.IsNullOrEmpty(o) ? new List<string>() : [.. o.Split(',', StringSplitOptions.RemoveEmptyEntries)];
        if (type == "bind" && !words.Contains("bind") && !words.Contains("rbind"))
        {
            words.Add("bind");
        }

        if (string.IsNullOrEmpty(device))
        {
            device = type;
        }

        return new Platform.Mount(type is "" or "bind" ? "none" : type, device, target, words);
    }

    private static int? Id(string name, string upper, string? arg)
    {
        if (arg is null)
        {
            throw Invalid($"{name} option must provide a {upper}: invalid argument");
        }

        return Atoi(arg) ?? throw Invalid($"cannot convert {upper} {arg} to integer: strconv.Atoi: parsing {GoQuote(arg)}: invalid syntax");
    }

    /// <summary>Go's strconv.Atoi for the values that matter (optional sign, decimal digits).</summary>
    private static int? Atoi(string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>Go's %q of the plain values these messages quote.</summary>
    private static string GoQuote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string? StatError(string path) =>
        Path.Exists(path) ? null : $"stat {path}: no such file or directory";

    /// <summary>go-units' size syntax (FromHumanSize): a decimal number, an optional unit letter, optional i and b.</summary>
    [GeneratedRegex(@"^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?\z", RegexOptions.CultureInvariant)]
    private static partial Regex HumanSize();

    private static BerthException Invalid(string message) => new(ErrorKind.InvalidArgument, message);
}
