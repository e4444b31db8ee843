using Berth.Cli.CommandLine;
using Berth.Cli.Output;
using Berth.Engine.Containers;
using Berth.Engine.Containers.Mounts;
using Berth.Engine.Images;
using EngineConfig = Berth.Engine.Containers.ContainerConfig;

namespace Berth.Cli.Commands;

/// <summary>run and create: flags → config template → engine create (→ start, attached or detached).</summary>
public static partial class ContainerActions
{
    public static Task<int> CreateAsync(Invocation invocation, CancellationToken cancellationToken) =>
        CreateOrRunAsync(invocation, run: false, cancellationToken);

    public static Task<int> RunAsync(Invocation invocation, CancellationToken cancellationToken) =>
        CreateOrRunAsync(invocation, run: true, cancellationToken);

    private static async Task<int> CreateOrRunAsync(Invocation invocation, bool run, CancellationToken cancellationToken)
    {
        var flags = CreateFlags.Parse(invocation.Options, invocation.Arguments, invocation.Command.Path);
        if (flags.CidFile is { } cidFile && File.Exists(cidFile))
        {
            throw new BerthException(ErrorKind.AlreadyExists, $"container id file exists. Ensure another container is not using it or delete {cidFile}");
        }

        using var service = Open(invocation);
        var image = await ResolveImageAsync(invocation, service, flags, cancellationToken).ConfigureAwait(false);
        var template = WithNetworkFiles(Template(flags, invocation, image), invocation);
        var network = NetworkRequestOf(flags, invocation);
        var (pod, newPod) = await PodOfAsync(service, flags, template, network, cancellationToken).ConfigureAwait(false);
        if (newPod)
        {
            // The new pod's infra container took the ports and the network.
            (template, network) = (template with { PortMappings = [] }, new NetworkRequest());
        }

        if (run && !flags.Detach)
        {
            // conmon may be spawned during the create (StartsNow): its exit command's delay is an attached client's.
            service.ExitCommandDelaySeconds = 1;
        }

        Container container;
        try
        {
            container = await service.CreateAsync(new ContainerCreateRequest
        {
            StartsNow = run,
            Image = image,
            RawImageName = flags.Image,
            Name = flags.Name,
            Replace = flags.Replace,
            Template = template,
            Network = network,
            VolumesFrom = flags.VolumesFrom,
            Pod = pod is null ? null : Berth.Engine.Pods.PodService.MembershipOf(pod),
        }, cancellationToken).ConfigureAwait(false);
        }
        catch when (newPod)
        {
            // --pod new:NAME made the pod for this container only: a refused container takes it along.
            var pods = new Berth.Engine.Pods.PodService(service);
            if (pods.TryFind(pod!.Id) is { } made)
            {
                await pods.RemoveAsync(made, force: true, timeout: 0, CancellationToken.None).ConfigureAwait(false);
            }

            throw;
        }

        if (flags.CidFile is { } cid)
        {
            await File.WriteAllTextAsync(cid, container.Id, cancellationToken).ConfigureAwait(false);
        }

        if (!run)
        {
            invocation.Out.WriteLine(container.Id);
            return 0;
        }

        try
        {
            if (flags.Detach)
            {
                await service.StartAsync(container, cancellationToken).ConfigureAwait(false);
                invocation.Out.WriteLine(container.Id);
                return 0;
            }

            var streams = flags.Attach.Count > 0 ? flags.Attach : ["stdout", "stderr"];
            return await AttachedAsync(invocation, service, container, new AttachRequest
            {
                Stdin = flags.Interactive && (flags.Attach.Count == 0 || streams.Contains("stdin")),
                Stdout = streams.Contains("stdout"),
                Stderr = streams.Contains("stderr"),
                DetachKeys = flags.DetachKeys ?? "ctrl-p,ctrl-q",
                SigProxy = flags.SigProxy,
                Start = true,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (BerthException) when (flags.Remove)
        {
            // podman run --rm removes a container that could not start.
            if (service.TryFind(container.Id) is { } left)
            {
                await service.RemoveAsync(left, new RemoveOptions { Force = true, Timeout = 0, Volumes = true }, CancellationToken.None).ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>
    /// <c>--pod NAME|ID</c>: the pod the container joins; <c>--pod new:NAME</c> creates it first (podman's pod create
    /// defaults, with the container's <c>-p</c> and <c>--network</c> moved to the pod's infra container as podman moves
    /// them). The flag says whether the pod is new.
    /// </summary>
    private static async Task<(Berth.Engine.Pods.Pod? Pod, bool New)> PodOfAsync(ContainerService service, CreateFlags flags, EngineConfig template, NetworkRequest network, CancellationToken cancellationToken)
    {
        if (flags.Pod is not { Length: > 0 } value)
        {
            return (null, false);
        }

        var pods = new Berth.Engine.Pods.PodService(service);
        if (!value.StartsWith("new:", StringComparison.Ordinal))
        {
            return (pods.Find(value), false);
        }

        var made = await pods.CreateAsync(new Berth.Engine.Pods.PodCreateRequest
        {
            Name = value["new:".Length..],
            PortMappings = template.PortMappings,
            Network = network,
            CreateCommand = ["podman", .. Environment.GetCommandLineArgs().Skip(1)],
        }, cancellationToken).ConfigureAwait(false);
        return (pods.Find(made.Id), true);
    }

    /// <summary>The local image, pulled first as <c>--pull</c> says (missing: only when absent).</summary>
    private static async Task<LocalImage> ResolveImageAsync(Invocation invocation, ContainerService service, CreateFlags flags, CancellationToken cancellationToken)
    {
        var local = flags.Pull == PullPolicy.Always ? null : service.Images.TryFind(flags.Image) is { } found ? service.Images.ForPlatform(found) : null;
        if (local is not null && flags.Pull != PullPolicy.Newer)
        {
            return local;
        }

        if (flags.Pull == PullPolicy.Never)
        {
            throw new BerthException(ErrorKind.NotFound, $"{flags.Image}: image not known");
        }

        var progress = ProgressFactory.For(invocation.Error, quiet: invocation.Options.Changed("quiet") && invocation.Options.GetBool("quiet"));
        using var view = progress as IDisposable;
        var options = new PullOptions
        {
            Policy = flags.Pull == PullPolicy.Newer ? Engine.Images.PullPolicy.Newer : Engine.Images.PullPolicy.Always,
            Platform = PlatformChooser.FromFlags(null, flags.Os, flags.Arch, flags.Variant),
            Access = new Engine.Registries.RegistryAccessOptions
            {
                AuthFile = invocation.Options.GetString("authfile"),
                CertDir = invocation.Options.GetString("cert-dir"),
                Credentials = invocation.Options.GetString("creds"),
                TlsVerify = invocation.Options.Changed("tls-verify") ? invocation.Options.GetBool("tls-verify") : null,
            },
        };
        try
        {
            return await new ImagePuller(service.Images).PullAsync(flags.Image, options, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (BerthException) when (local is not null)
        {
            return local;
        }
    }

    /// <summary>The engine's config template from the parsed flags and the image.</summary>
    private static EngineConfig Template(CreateFlags f, Invocation invocation, LocalImage image)
    {
        var mounts = MountFlagParser.Parse(new MountFlags
        {
            Volumes = f.Volumes,
            Mounts = f.Mounts,
            Tmpfs = f.Tmpfs,
            Devices = f.Devices,
            ReadOnly = f.ReadOnly,
            ReadOnlyTmpfs = f.ReadOnlyTmpfs,
        });
        var (portMappings, exposedPorts) = f.ResolvePorts(image.Config.Config?.ExposedPorts?.Keys, invocation.Error);

        var r = f.Resources;
        return new EngineConfig
        {
            Id = "",
            Created = default,
            CreateCommand = [invocation.Command.Path.Split(' ')[0], .. Environment.GetCommandLineArgs().Skip(1)],
            Command = f.Command,
            Entrypoint = f.Entrypoint,
            Env = EnvironmentOf(f),
            WorkingDir = f.Workdir,
            User = f.User,
            GroupAdd = f.GroupAdd,
            Hostname = f.Hostname,
            Terminal = f.Tty,
            Stdin = f.Interactive,
            Privileged = f.Privileged,
            ReadOnly = f.ReadOnly,
            ReadOnlyTmpfs = f.ReadOnlyTmpfs,
            CapAdd = f.CapAdd,
            CapDrop = f.CapDrop,
            NoNewPrivileges = f.Security.NoNewPrivileges,
            SeccompProfile = f.Security.SeccompProfile,
            Mask = f.Security.Mask,
            Unmask = f.Security.Unmask,
            Ulimits = [.. f.Ulimits.Select(u => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{u.Name}={u.Soft}:{u.Hard}"))],
            Sysctls = f.Sysctls,
            // podman shows containers.conf's default "65536k" as 65536000 (decimal units) in inspect.
            ShmSize = invocation.Options.Changed("shm-size") && f.ShmSize is { } shm ? shm : 65536000,
            Labels = f.Labels,
            Annotations = f.Annotations,
            StopSignal = f.StopSignal ?? 0,
            StopTimeout = f.StopTimeout,
            AutoRemove = f.Remove,
            RestartPolicy = f.Restart.Name == "no" ? "" : f.Restart.Name,
            RestartRetries = f.Restart.MaxRetries ?? 0,
            LogDriver = f.Log.Driver == "json-file" ? "k8s-file" : f.Log.Driver,
            LogPath = f.Log.Path ?? "",
            LogTag = f.Log.Tag ?? "",
            LogSizeMax = f.Log.MaxSize ?? -1,
            PortMappings = portMappings,
            ExposedPorts = exposedPorts,
            PublishAll = f.PublishAll,
            Init = f.Init,
            InitPath = f.InitPath,
            Timezone = f.Tz,
            InitContainerType = f.InitContainerType ?? "",
            Umask = f.Umask,
            OomScoreAdj = f.OomScoreAdj,
            Resources = new ResourceLimits
            {
                Memory = r.Memory,
                MemorySwap = r.MemorySwap,
                MemoryReservation = r.MemoryReservation,
                CpuQuota = r.CpuQuota,
                CpuPeriod = r.CpuPeriod,
                CpuShares = r.CpuShares,
                CpusetCpus = r.CpusetCpus,
                CpusetMems = r.CpusetMems,
                PidsLimit = r.PidsLimit,
            },
            Healthcheck = f.Healthcheck is { } h && !f.HealthcheckDisabled
                ? new HealthcheckConfig
                {
                    Test = h.Test,
                    Interval = h.Interval.Ticks * 100,
                    Timeout = h.Timeout.Ticks * 100,
                    StartPeriod = h.StartPeriod.Ticks * 100,
                    Retries = (int)h.Retries,
                }
                : null,
            CidFile = f.CidFile,
            DetachKeys = f.DetachKeys,
            NamedVolumes = mounts.NamedVolumes,
            Mounts = mounts.Mounts,
            OverlayVolumes = mounts.OverlayVolumes,
            ImageVolumes = mounts.ImageVolumes,
            Devices = mounts.Devices,
            UserVolumes = mounts.UserVolumes,
        };
    }

    /// <summary>--env-host, then --env-file files, then -e (later wins; "KEY" alone takes the host's value).</summary>
    private static List<string> EnvironmentOf(CreateFlags f)
    {
        var env = new List<string>();
        if (f.EnvHost)
        {
            foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            {
                env.Add($"{e.Key}={e.Value}");
            }
        }

        foreach (var file in f.EnvFiles)
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"open {file}: {e.Message}");
            }

            foreach (var line in lines.Select(l => l.TrimStart()).Where(l => l.Length > 0 && !l.StartsWith('#')))
            {
                env.Add(WithHostValue(line));
            }
        }

        env.AddRange(f.Env.Select(WithHostValue));
        return env;
    }

    private static string WithHostValue(string entry) =>
        entry.Contains('=', StringComparison.Ordinal) ? entry : Environment.GetEnvironmentVariable(entry) is { } value ? $"{entry}={value}" : entry;
}
