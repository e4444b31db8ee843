using System.Globalization;
using Berth.Build.Builders;
using Berth.Build.Context;
using Berth.Build.Execution;
using Berth.Cli.CommandLine;
using Berth.Engine.Builds;
using Berth.Engine.Containers;
using Berth.Engine.Images;
using Berth.Engine.Registries;

namespace Berth.Cli.Commands;

/// <summary><c>podman build</c>: flags to <see cref="BuildOptions"/>, the Containerfile and context found, the build run.</summary>
public static class BuildActions
{
    /// <summary>Flags podman accepts that change nothing here (legacy or Docker-only no-ops, or defaults Berth has).</summary>
    private static readonly string[] Accepted =
    [
        "compress", "disable-compression", "disable-content-trust", "http-proxy", "identity-label", "isolation",
        "retry", "retry-delay", "skip-unused-stages", "stdin", "logsplit", "cache-ttl", "ulimit", "shm-size",
    ];

    /// <summary>Flags whose feature Berth's build does not have yet: refused clearly instead of ignored.</summary>
    private static readonly string[] NotSupported =
    [
        "all-platforms", "build-context", "cache-from", "cache-to", "cap-add", "cap-drop", "cgroup-parent", "cgroupns", "cpp-flag",
        "cpu-period", "cpu-quota", "cpu-shares", "cpuset-cpus", "cpuset-mems", "decryption-key", "device",
        "hooks-dir", "ipc", "logfile", "manifest", "memory", "memory-swap", "omit-history",
        "os-feature", "os-version", "output", "pid", "runtime-flag", "security-opt", "sign-by", "ssh", "userns",
        "userns-gid-map", "userns-gid-map-group", "userns-uid-map", "userns-uid-map-user", "uts", "variant", "from",
        "unsetenv", "annotation",
    ];

    public static async Task<int> BuildAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        foreach (var flag in NotSupported)
        {
            if (o.Changed(flag))
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"--{flag} is not supported by berth build yet");
            }
        }

        var network = RunNetworkFlags.Network(o);
        var networkFiles = RunNetworkFlags.Files(o, network);
        using var context = await BuildContext.OpenAsync(new BuildContextRequest
        {
            Location = invocation.Arguments.Count > 0 ? invocation.Arguments[0] : null,
            Containerfiles = o.GetStrings("file"),
            IgnoreFile = o.GetString("ignorefile") is { Length: > 0 } ignore ? ignore : null,
            StandardInput = invocation.Arguments is ["-"] ? StandardStreams.Input() : null,
        }, cancellationToken).ConfigureAwait(false);
        var (text, name) = await ReadContainerfilesAsync(context.Containerfiles, cancellationToken).ConfigureAwait(false);
        var quiet = o.GetBool("quiet");
        var options = new BuildOptions
        {
            ContextDirectory = context.Directory,
            Ignore = context.Ignore,
            ContainerfileText = text,
            ContainerfileName = name,
            Tags = o.GetStrings("tag").Select(ImageService.NormalizeTargetName).ToList(),
            TagAsGiven = o.GetStrings("tag") is [var first, ..] ? first : null,
            BuildArgs = await BuildArgsAsync(o, cancellationToken).ConfigureAwait(false),
            Target = o.GetString("target") is { Length: > 0 } target ? target : null,
            NoCache = o.GetBool("no-cache"),
            Layers = !o.Changed("layers") ? Environment.GetEnvironmentVariable("BUILDAH_LAYERS") is not { Length: > 0 } env || env is "1" or "true" : o.GetBool("layers"),
            Squash = o.GetBool("squash"),
            SquashAll = o.GetBool("squash-all"),
            PullPolicy = PullPolicyOf(o),
            Format = Format(o),
            Labels = Pairs(o.GetStrings("label")),
            Annotations = Pairs(o.GetStrings("annotation")),
            Env = o.GetStrings("env").Select(EnvEntry).ToList(),
            Network = network,
            NetworkFiles = networkFiles,
            Volumes = o.GetStrings("volume"),
            Secrets = o.GetStrings("secret").Select(Secret).ToList(),
            Timestamp = o.Changed("timestamp") ? DateTimeOffset.FromUnixTimeSeconds(o.GetInt("timestamp")) : null,
            RemoveContainers = !o.Changed("rm") || o.GetBool("rm"),
            ForceRemoveContainers = !o.Changed("force-rm") || o.GetBool("force-rm"),
            Quiet = quiet,
            Jobs = o.Changed("jobs") ? (int)o.GetInt("jobs") : 1,
        };
        CheckPlatform(o);
        var access = new RegistryAccessOptions
        {
            AuthFile = o.GetString("authfile"),
            CertDir = o.GetString("cert-dir"),
            Credentials = o.GetString("creds"),
            TlsVerify = o.Changed("tls-verify") ? o.GetBool("tls-verify") : null,
        };
        using var containers = new ContainerService(EngineFactory.Create(invocation));
        var builders = new BuilderService(new EngineBuildHost(containers, access));
        var result = await new BuildExecutor(builders, new BuildOutput(invocation.Out, quiet)).BuildAsync(options, cancellationToken).ConfigureAwait(false);
        if (o.GetString("iidfile") is { Length: > 0 } iidfile)
        {
            await File.WriteAllTextAsync(iidfile, "sha256:" + result.ImageId, cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>The Containerfiles' text joined in order (<c>-f</c> several times; /dev/stdin for <c>-</c>; an
    /// http(s) URL is downloaded) and the name errors use: the first file's name.</summary>
    private static async Task<(string Text, string Name)> ReadContainerfilesAsync(IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var text = new System.Text.StringBuilder();
        foreach (var file in files)
        {
            string content;
            if (file.StartsWith("http://", StringComparison.Ordinal) || file.StartsWith("https://", StringComparison.Ordinal))
            {
                using var client = new HttpClient();
                content = await client.GetStringAsync(new Uri(file), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                content = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
            }

            text.Append(content);
            if (text.Length > 0 && text[^1] != '\n')
            {
                text.Append('\n');
            }
        }

        return (text.ToString(), Path.GetFileName(files[0]));
    }

    /// <summary><c>--build-arg k=v</c>, <c>--build-arg k</c> (from the environment; skipped when unset), <c>--build-arg-file</c>.</summary>
    private static async Task<IReadOnlyDictionary<string, string>> BuildArgsAsync(ParsedOptions o, CancellationToken cancellationToken)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in o.GetStrings("build-arg-file"))
        {
            if (!File.Exists(file))
            {
                throw new BerthException(ErrorKind.NotFound, $"reading build args from {file}: no such file: check the --build-arg-file path");
            }

            foreach (var line in await File.ReadAllLinesAsync(file, cancellationToken).ConfigureAwait(false))
            {
                var trimmed = line.Trim();
                if (trimmed.Length > 0 && !trimmed.StartsWith('#'))
                {
                    AddArg(args, trimmed);
                }
            }
        }

        foreach (var arg in o.GetStrings("build-arg"))
        {
            AddArg(args, arg);
        }

        return args;
    }

    private static void AddArg(Dictionary<string, string> args, string arg)
    {
        var eq = arg.IndexOf('=', StringComparison.Ordinal);
        if (eq > 0)
        {
            args[arg[..eq]] = arg[(eq + 1)..];
        }
        else if (Environment.GetEnvironmentVariable(arg) is { } value)
        {
            args[arg] = value;
        }
    }

    /// <summary>podman 4.3's --pull: not given or false = missing, true/always = always, never, newer.</summary>
    private static string PullPolicyOf(ParsedOptions o)
    {
        if (!o.Changed("pull"))
        {
            return "missing";
        }

        return (o.GetString("pull") ?? "true").ToLowerInvariant() switch
        {
            "true" or "always" => "always",
            "false" or "missing" or "ifmissing" => "missing",
            "never" => "never",
            "newer" or "ifnewer" => "newer",
            var other => throw new BerthException(ErrorKind.InvalidArgument, $"unrecognized pull policy {other}: use always, missing, never or newer"),
        };
    }

    private static string Format(ParsedOptions o)
    {
        var format = o.Changed("format") ? o.GetString("format") ?? "oci" : Environment.GetEnvironmentVariable("BUILDAH_FORMAT") is { Length: > 0 } env ? env : "oci";
        return format switch
        {
            "oci" => "oci",
            "docker" => "docker",
            _ => throw new BerthException(ErrorKind.InvalidArgument, $"unrecognized image type \"{format}\""),
        };
    }

    private static void CheckPlatform(ParsedOptions o)
    {
        var host = Berth.Oci.Platform.Host;
        foreach (var platform in o.GetStrings("platform"))
        {
            var parts = platform.Split('/');
            if (parts[0] != host.OS || (parts.Length > 1 && parts[1] != host.Architecture))
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"building for platform {platform} is not supported: this host builds {host.OS}/{host.Architecture} only");
            }
        }

        if ((o.Changed("arch") && o.GetString("arch") != host.Architecture) || (o.Changed("os") && o.GetString("os") != host.OS))
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"building for another OS or architecture is not supported: this host builds {host.OS}/{host.Architecture} only");
        }
    }

    private static Dictionary<string, string> Pairs(IReadOnlyList<string> values)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            result[eq < 0 ? value : value[..eq]] = eq < 0 ? "" : value[(eq + 1)..];
        }

        return result;
    }

    private static string EnvEntry(string value)
    {
        var eq = value.IndexOf('=', StringComparison.Ordinal);
        if (eq > 0)
        {
            return value;
        }

        return Environment.GetEnvironmentVariable(value) is { } v ? $"{value}={v}" : throw new BerthException(ErrorKind.InvalidArgument, $"--env {value}: no value given and none in the environment");
    }

    /// <summary><c>--secret id=name,src=/path</c>; a missing file is refused before anything runs.</summary>
    private static BuildSecret Secret(string value)
    {
        string? id = null, src = null;
        foreach (var part in value.Split(','))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var (k, v) = eq < 0 ? (part, "") : (part[..eq], part[(eq + 1)..]);
            switch (k)
            {
                case "id": id = v; break;
                case "src" or "source": src = v; break;
                case "type" when v == "file": break;
                default: throw new BerthException(ErrorKind.InvalidArgument, $"--secret {value}: unknown option \"{k}\": use id=<name>,src=<file>");
            }
        }

        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(src))
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"--secret {value}: needs id=<name> and src=<file>");
        }

        return File.Exists(src)
            ? new BuildSecret(id, Path.GetFullPath(src))
            : throw new BerthException(ErrorKind.NotFound, $"--secret {value}: the file {src} does not exist");
    }
}
