using System.Globalization;
using Berth.Build.Builders;
using Berth.Build.Context;
using Berth.Build.Execution;
using Berth.Cli.CommandLine;
using Berth.Engine.Builds;
using Berth.Engine.Containers;
using Berth.Engine.Images;
using Berth.Engine.Manifests;
using Berth.Engine.Registries;

namespace Berth.Cli.Commands;

/// <summary><c>podman build</c>: flags to <see cref="BuildOptions"/>, the Containerfile and context found, the build run.</summary>
public static class BuildActions
{
    /// <summary>Flags podman accepts that change nothing here (legacy or Docker-only no-ops, or defaults Berth has).</summary>
    private static readonly string[] Accepted =
    [
        "compress", "disable-compression", "disable-content-trust", "http-proxy", "identity-label", "isolation",
        "retry", "retry-delay", "skip-unused-stages", "stdin", "logsplit",
    ];

    /// <summary>Flags whose feature Berth's build does not have yet: refused clearly instead of ignored.</summary>
    private static readonly string[] NotSupported =
    [
        "all-platforms", "cpp-flag", "decryption-key", "hooks-dir", "logfile", "os-feature", "os-version",
        "sign-by", "ssh", "userns", "userns-gid-map", "userns-gid-map-group", "userns-uid-map", "userns-uid-map-user",
        "variant",
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

        var (cacheFrom, cacheTo, cacheTtl) = RegistryCacheOptions(o);
        // podman checks these flags before it looks at the context.
        var runContainer = BuildRunFlags.Parse(o);
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
        var export = o.GetString("output") is { } output && o.Changed("output") ? BuildExportTarget.Parse(output) : null;
        using var fetched = new FetchedContexts();
        var named = await NamedContextsAsync(o.GetStrings("build-context"), fetched, cancellationToken).ConfigureAwait(false);
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
            UnsetEnv = o.GetStrings("unsetenv"),
            OmitHistory = o.GetBool("omit-history"),
            Env = o.GetStrings("env").Select(EnvEntry).ToList(),
            Network = network,
            NetworkFiles = networkFiles,
            Volumes = o.GetStrings("volume"),
            RunContainer = runContainer,
            Secrets = o.GetStrings("secret").Select(Secret).ToList(),
            Timestamp = o.Changed("timestamp") ? DateTimeOffset.FromUnixTimeSeconds(o.GetInt("timestamp")) : null,
            RemoveContainers = !o.Changed("rm") || o.GetBool("rm"),
            ForceRemoveContainers = !o.Changed("force-rm") || o.GetBool("force-rm"),
            Quiet = quiet,
            WritesIidFile = o.GetString("iidfile") is { Length: > 0 },
            Jobs = o.Changed("jobs") ? (int)o.GetInt("jobs") : 1,
            CacheFrom = cacheFrom,
            CacheTo = cacheTo,
            CacheTtl = cacheTtl,
            From = o.GetString("from") is { Length: > 0 } from ? from : null,
            NamedContexts = named,
            Output = export,
            OutputStream = export is { ToStandardOutput: true } ? StandardStreams.Output() : null,
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
        var manifest = o.GetString("manifest") is { Length: > 0 } m ? m : null;
        var lists = new ManifestListService(containers.Images);
        if (manifest is not null && containers.Images.TryFind(manifest) is { } taken && !Berth.Oci.MediaTypes.IsIndex(taken.ManifestMediaType))
        {
            // podman 4.3.1 finds this out after building; refusing first leaves nothing behind.
            lists.Find(manifest);
        }

        var builders = new BuilderService(new EngineBuildHost(containers, access));
        // With the root file system as a tar on standard output, the build's lines and RUN's output go to standard error.
        var progress = export is { ToStandardOutput: true } ? new BuildOutput(invocation.Error, quiet, StandardStreams.Error()) : new BuildOutput(invocation.Out, quiet);
        var result = await new BuildExecutor(builders, progress).BuildAsync(options, cancellationToken).ConfigureAwait(false);
        if (manifest is not null)
        {
            // Created when missing, else the image is added (an entry of the same digest is replaced, not repeated).
            await lists.CreateAsync(manifest, [result.ImageId], amend: true, new ManifestAddOptions { Access = access }, cancellationToken).ConfigureAwait(false);
        }

        if (o.GetString("iidfile") is { Length: > 0 } iidfile)
        {
            await File.WriteAllTextAsync(iidfile, "sha256:" + result.ImageId, cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary><c>--cache-from</c>, <c>--cache-to</c> (repositories without tag or digest) and <c>--cache-ttl</c> (a Go
    /// duration; 0 = no limit, as podman 4.3.1 takes it), checked in podman's order before anything else.</summary>
    private static (RegistryCache? From, RegistryCache? To, TimeSpan? Ttl) RegistryCacheOptions(ParsedOptions o)
    {
        var toValue = o.Changed("cache-to") ? o.GetString("cache-to") ?? "" : "";
        var to = o.Changed("cache-to") ? RegistryCache.Parse(toValue, "cache-to", toValue) : null;
        var from = o.Changed("cache-from") ? RegistryCache.Parse(o.GetString("cache-from") ?? "", "cache-from", toValue) : null;
        TimeSpan? ttl = null;
        if (o.Changed("cache-ttl"))
        {
            var text = o.GetString("cache-ttl") ?? "";
            try
            {
                ttl = GoDuration.Parse(text);
            }
            catch (FormatException e)
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"unable to parse value provided \"{text}\" as --cache-ttl: {e.Message}");
            }
        }

        return (from, to, ttl);
    }

    /// <summary>
    /// <c>--build-context name=value</c> as podman 4.3.1 takes it: <c>docker-image://ref</c> or <c>container-image://ref</c>
    /// (an image), an http(s) URL (an archive or repository, fetched now), else a directory (relative to the working
    /// directory). A directory that does not exist is refused before building (podman fails when a step uses it).
    /// </summary>
    private static async Task<Dictionary<string, NamedContext>> NamedContextsAsync(IReadOnlyList<string> values, FetchedContexts fetched, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, NamedContext>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"while parsing additional build context: [\"{value}\"], accepts value in the form of key=value");
            }

            var (key, location) = (value[..eq], value[(eq + 1)..]);
            if (location.StartsWith("docker-image://", StringComparison.Ordinal) || location.StartsWith("container-image://", StringComparison.Ordinal))
            {
                result[key] = new NamedContext(null, location[(location.IndexOf("://", StringComparison.Ordinal) + 3)..]);
            }
            else if (location.StartsWith("http://", StringComparison.Ordinal) || location.StartsWith("https://", StringComparison.Ordinal))
            {
                var context = await BuildContext.FetchNamedAsync(location, new BuildContextRequest { Location = location }, cancellationToken).ConfigureAwait(false);
                fetched.Add(context);
                result[key] = new NamedContext(context.Directory, null);
            }
            else
            {
                var directory = Path.GetFullPath(location);
                result[key] = Directory.Exists(directory)
                    ? new NamedContext(directory, null)
                    : throw new BerthException(ErrorKind.NotFound, $"--build-context {value}: the directory {directory} does not exist");
            }
        }

        return result;
    }

    /// <summary>Named contexts fetched from URLs: their temporary directories go when the build ends.</summary>
    private sealed class FetchedContexts : List<BuildContext>, IDisposable
    {
        public void Dispose()
        {
            foreach (var context in this)
            {
                context.Dispose();
            }
        }
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
