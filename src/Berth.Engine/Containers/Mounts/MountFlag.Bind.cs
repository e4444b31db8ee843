namespace Berth.Engine.Containers.Mounts;

/// <summary><c>--mount type=bind,…</c> (podman 4.3's getBindMount).</summary>
internal static class BindMount
{
    public static SpecMount Parse(List<string> tokens)
    {
        bool rorw = false, suid = false, dev = false, exec = false, relabel = false, owner = false;
        string? source = null, destination = null;
        var options = new List<string>();
        foreach (var token in tokens)
        {
            var (key, value) = MountFlag.Split(token);
            switch (key)
            {
                case "bind-nonrecursive":
                    options.Add("bind");
                    break;
                case "readonly" or "ro" or "rw":
                    if (rorw)
                    {
                        throw MountFlag.Twice("'readonly', 'ro', or 'rw' options");
                    }

                    rorw = true;
                    var word = key == "readonly" ? "ro" : key;
                    switch (value?.ToLowerInvariant())
                    {
                        case null or "true":
                            options.Add(word);
                            break;
                        case "false":
                            // rw=false means ro; ro=false is the default.
                            if (word == "rw")
                            {
                                options.Add("ro");
                            }

                            break;
                        default:
                            throw MountErrors.Invalid(
                                $"'readonly', 'ro', or 'rw' must be set to true or false, instead received {GoQuote.Of(value)}: {MountErrors.OptionArg}");
                    }

                    break;
                case "nosuid" or "suid":
                    Flag(ref suid, "'nosuid' and 'suid' options", key, options);
                    break;
                case "nodev" or "dev":
                    Flag(ref dev, "'nodev' and 'dev' options", key, options);
                    break;
                case "noexec" or "exec":
                    Flag(ref exec, "'noexec' and 'exec' options", key, options);
                    break;
                case "shared" or "rshared" or "private" or "rprivate" or "slave" or "rslave" or "unbindable" or "runbindable" or "Z" or "z":
                    options.Add(key);
                    break;
                case "bind-propagation":
                    options.Add(value ?? throw MountErrors.Invalid($"{key}: {MountErrors.OptionArg}"));
                    break;
                case "src" or "source":
                    if (value is null)
                    {
                        throw MountErrors.Invalid($"{key}: {MountErrors.OptionArg}");
                    }

                    source = value.Length > 0 ? value : throw MountErrors.Invalid($"host directory cannot be empty: {MountErrors.OptionArg}");
                    break;
                case "target" or "dst" or "destination":
                    destination = MountFlag.Target(key, value);
                    break;
                case "relabel":
                    if (relabel)
                    {
                        throw MountFlag.Twice("'relabel' option");
                    }

                    relabel = true;
                    options.Add(value switch
                    {
                        "private" => "Z",
                        "shared" => "z",
                        _ => throw MountErrors.Invalid($"relabel mount option must be 'private' or 'shared': {MountErrors.BadOption}"),
                    });
                    break;
                case "U" or "chown":
                    MountFlag.Owner(ref owner, value, options);
                    break;
                case "idmap":
                    options.Add(value is null ? "idmap" : "idmap=" + value);
                    break;
                case "consistency":
                    break;
                default:
                    throw MountFlag.Unknown(key);
            }
        }

        if (destination is null)
        {
            throw MountErrors.Invalid("must set volume destination");
        }

        return new SpecMount("bind", source ?? destination, destination, VolumeOptions.Validate(options));
    }

    internal static void Flag(ref bool seen, string what, string word, List<string> options)
    {
        if (seen)
        {
            throw MountFlag.Twice(what);
        }

        seen = true;
        options.Add(word);
    }
}

/// <summary><c>--mount type=volume,…</c> (podman 4.3's getNamedVolume): no source means an anonymous volume.</summary>
internal static class NamedVolume
{
    public static NamedVolumeMount Parse(List<string> tokens)
    {
        bool rorw = false, suid = false, dev = false, exec = false, owner = false;
        var name = "";
        string? destination = null;
        var options = new List<string>();
        foreach (var token in tokens)
        {
            var (key, value) = MountFlag.Split(token);
            switch (key)
            {
                case "volume-opt":
                    options.Add(token);
                    break;
                case "ro" or "rw":
                    BindMount.Flag(ref rorw, "'ro' and 'rw' options", key, options);
                    break;
                case "nosuid" or "suid":
                    BindMount.Flag(ref suid, "'nosuid' and 'suid' options", key, options);
                    break;
                case "nodev" or "dev":
                    BindMount.Flag(ref dev, "'nodev' and 'dev' options", key, options);
                    break;
                case "noexec" or "exec":
                    BindMount.Flag(ref exec, "'noexec' and 'exec' options", key, options);
                    break;
                case "volume-label":
                    throw MountErrors.Invalid("the --volume-label option is not presently implemented");
                case "src" or "source":
                    name = value ?? throw MountErrors.Invalid($"{key}: {MountErrors.OptionArg}");
                    break;
                case "target" or "dst" or "destination":
                    destination = MountFlag.Target(key, value);
                    break;
                case "U" or "chown":
                    MountFlag.Owner(ref owner, value, options);
                    break;
                case "consistency":
                    break;
                default:
                    throw MountFlag.Unknown(key);
            }
        }

        return destination is null
            ? throw MountErrors.Invalid("must set volume destination")
            : new NamedVolumeMount { Name = name, Destination = destination, Options = options, IsAnonymous = name.Length == 0 };
    }
}
