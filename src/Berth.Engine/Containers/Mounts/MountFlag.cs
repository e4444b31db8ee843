namespace Berth.Engine.Containers.Mounts;

/// <summary>
/// <c>--mount type=TYPE,KEY[=VALUE],…</c> as podman 4.3 reads it (specgenutil.Mounts): the value is one CSV record,
/// type is bind, tmpfs, devpts, volume or image; each type has its own keys and podman's messages for the others.
/// Destinations are cleaned.
/// </summary>
internal sealed class MountFlag
{
    private const string Syntax =
        "incorrect mount format: should be --mount type=<bind|tmpfs|volume>,[src=<host-dir|volume-name>,]target=<ctr-dir>[,options]";

    public OrderedMap<SpecMount> Mounts { get; } = new();
    public OrderedMap<NamedVolumeMount> Volumes { get; } = new();
    public OrderedMap<ImageVolumeMount> Images { get; } = new();

    public static MountFlag Parse(IReadOnlyList<string> values)
    {
        var result = new MountFlag();
        foreach (var value in values)
        {
            var (type, tokens) = FindType(value);
            switch (type)
            {
                case "bind":
                    result.AddMount(BindMount.Parse(tokens));
                    break;
                case "tmpfs":
                    result.AddMount(TmpfsFlag.ParseMount(tokens));
                    break;
                case "devpts":
                    result.AddMount(Devpts(tokens));
                    break;
                case "image":
                    var image = Image(tokens);
                    if (result.Images.Contains(image.Destination))
                    {
                        throw MountErrors.Duplicate(image.Destination);
                    }

                    result.Images.Set(image.Destination, image);
                    break;
                case "volume":
                    var volume = NamedVolume.Parse(tokens);
                    if (result.Volumes.Contains(volume.Destination))
                    {
                        throw MountErrors.Duplicate(volume.Destination);
                    }

                    result.Volumes.Set(volume.Destination, volume);
                    break;
                default:
                    throw MountErrors.Invalid($"invalid filesystem type {GoQuote.Of(type)}");
            }
        }

        return result;
    }

    private void AddMount(SpecMount mount)
    {
        if (Mounts.Contains(mount.Destination))
        {
            throw MountErrors.Duplicate(mount.Destination);
        }

        Mounts.Set(mount.Destination, mount);
    }

    /// <summary>The first token that is exactly "type=X" gives the type; the others are kept in order.</summary>
    private static (string Type, List<string> Tokens) FindType(string value)
    {
        var records = GoCsv.ReadAll(value);
        if (records.Count != 1)
        {
            throw MountErrors.Invalid(Syntax);
        }

        string? type = null;
        var tokens = new List<string>();
        foreach (var token in records[0])
        {
            var kv = token.Split('=');
            if (type is null && kv.Length == 2 && kv[0] == "type")
            {
                type = kv[1];
                continue;
            }

            tokens.Add(token);
        }

        return type is null ? throw MountErrors.Invalid(Syntax) : (type, tokens);
    }

    /// <summary>The destination of target=/dst=/destination=, checked and cleaned.</summary>
    internal static string Target(string key, string? value)
    {
        if (value is null)
        {
            throw MountErrors.Invalid($"{key}: {MountErrors.OptionArg}");
        }

        MountErrors.CheckDestination(value);
        return GoPath.Clean(value);
    }

    internal static (string Key, string? Value) Split(string token)
    {
        var eq = token.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? (token, null) : (token[..eq], token[(eq + 1)..]);
    }

    /// <summary>U, U=true, chown=false …: whether to chown; podman's errors for other values.</summary>
    internal static bool Chown(string? value) => value?.ToLowerInvariant() switch
    {
        null or "true" => true,
        "false" => false,
        _ => throw MountErrors.Invalid($"'U' or 'chown' must be set to true or false, instead received {GoQuote.Of(value)}: {MountErrors.OptionArg}"),
    };

    /// <summary>The U/chown key: once per mount; adds "U" when it says true.</summary>
    internal static void Owner(ref bool seen, string? value, List<string> options)
    {
        if (seen)
        {
            throw Twice("'U' or 'chown' option");
        }

        if (Chown(value))
        {
            options.Add("U");
        }

        seen = true;
    }

    internal static BerthException Unknown(string key) => MountErrors.Invalid($"{key}: {MountErrors.BadOption}");

    internal static BerthException Twice(string what) => MountErrors.Invalid($"cannot pass {what} more than once: {MountErrors.OptionArg}");

    private static SpecMount Devpts(List<string> tokens)
    {
        string? destination = null;
        var options = new List<string>();
        foreach (var token in tokens)
        {
            var (key, value) = Split(token);
            switch (key)
            {
                case "uid" or "gid" or "mode" or "ptxmode" or "newinstance" or "max":
                    options.Add(token);
                    break;
                case "target" or "dst" or "destination":
                    destination = Target(key, value);
                    break;
                default:
                    throw Unknown(key);
            }
        }

        return destination is null
            ? throw MountErrors.Invalid("must set volume destination")
            : new SpecMount("devpts", "devpts", destination, options);
    }

    private static ImageVolumeMount Image(List<string> tokens)
    {
        string source = "", destination = "";
        var readWrite = false;
        foreach (var token in tokens)
        {
            var (key, value) = Split(token);
            switch (key)
            {
                case "src" or "source":
                    source = value ?? throw MountErrors.Invalid($"{key}: {MountErrors.OptionArg}");
                    break;
                case "target" or "dst" or "destination":
                    destination = Target(key, value);
                    break;
                case "rw" or "readwrite":
                    // podman 4.3 crashes (index out of range) on a bare rw; Berth refuses it like any other value.
                    readWrite = value switch
                    {
                        "true" => true,
                        "false" => false,
                        _ => throw MountErrors.Invalid($"invalid rw value {GoQuote.Of(value ?? "")}: {MountErrors.BadOption}"),
                    };
                    break;
                case "consistency":
                    break;
                default:
                    throw Unknown(key);
            }
        }

        if (source.Length == 0 || destination.Length == 0)
        {
            throw MountErrors.Invalid("must set source and destination for image volume");
        }

        return new ImageVolumeMount { ImageId = "", Source = source, Destination = destination, ReadWrite = readWrite };
    }
}
