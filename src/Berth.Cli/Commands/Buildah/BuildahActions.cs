using Berth.Build.Builders;
using Berth.Cli.CommandLine;
using Berth.Templates;

namespace Berth.Cli.Commands.Buildah;

/// <summary>buildah's working-container commands: from, containers, mount, umount, rm, run.</summary>
public static class BuildahActions
{
    private static readonly string[] FromUnsupported =
    [
        "cap-add", "cap-drop", "cgroup-parent", "cgroupns", "cpu-period", "cpu-quota", "cpu-shares", "cpuset-cpus",
        "cpuset-mems", "decryption-key", "device", "ipc", "memory", "memory-swap", "pid", "platform", "security-opt", "userns", "userns-gid-map", "userns-gid-map-group", "userns-uid-map",
        "userns-uid-map-user", "uts", "variant", "volume", "arch", "os",
    ];

    private static readonly string[] RunUnsupported =
    [
        "add-history", "contextdir", "hostname", "mount", "no-pivot", "runtime", "terminal",
    ];

    public static async Task<int> FromAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var image = invocation.Arguments switch
        {
            [] => throw new BerthException(ErrorKind.InvalidArgument, "an image name (or \"scratch\") must be specified"),
            [var one] => one,
            _ => throw new BerthException(ErrorKind.InvalidArgument, "too many arguments specified"),
        };
        BuildahSession.RefuseUnsupported(invocation, FromUnsupported);
        var format = BuildahCommitActions.ParseFormat(o.GetString("format") ?? "oci");
        var policy = PullPolicy(o);
        using var session = BuildahSession.Open(invocation, BuildahSession.Access(o));
        var builders = session.Builders;
        var name = o.GetString("name");
        if (!string.IsNullOrEmpty(name) && (builders.TryGet(name) is { } taken && taken.Name == name))
        {
            throw new BerthException(ErrorKind.Conflict,
                $"creating container: the container name \"{name}\" is already in use by {taken.Id}. You have to remove that container to be able to reuse that name: that name is already in use");
        }

        if (!BuilderService.IsScratch(image) && policy == "never" && builders.Host.FindImage(image) is null)
        {
            throw new BerthException(ErrorKind.NotFound, $"{image}: image not known");
        }

        var network = RunNetworkFlags.Network(o);
        // buildah from takes DNS flags with --network none (a later run on a network uses them).
        var networkFiles = RunNetworkFlags.Files(o, RunNetwork.Default);
        var progress = o.GetBool("quiet") ? TextWriter.Null : invocation.Error;
        var state = await builders.CreateAsync(image, name, policy, progress, cancellationToken).ConfigureAwait(false);
        // buildah lists the base by the image's full name (docker.io/library/busybox:latest), not as typed.
        var fullName = state.FromImageId is { } id && builders.Host.FindImage(id) is { Names: [var full, ..] } ? full : state.FromImage;
        var networkText = o.Changed("network") ? network.Text : null;
        var files = networkFiles.IsEmpty ? null : networkFiles;
        if (fullName != state.FromImage || format != state.Format || networkText is not null || files is not null)
        {
            state = state with { FromImage = fullName, Format = format, Network = networkText, NetworkFiles = files };
            builders.Save(state);
        }

        if (o.GetString("cidfile") is { Length: > 0 } cidfile)
        {
            await File.WriteAllTextAsync(cidfile, state.Id, cancellationToken).ConfigureAwait(false);
        }

        invocation.Out.WriteLine(state.Name);
        return 0;
    }

    /// <summary>
    /// buildah 1.28's <c>--pull</c> values and the hidden <c>--pull-always</c>/<c>--pull-never</c>. Not given, a stored
    /// image is used as is; <c>true</c> asks the registry for a newer one (falling back to the stored one).
    /// </summary>
    internal static string PullPolicy(ParsedOptions o)
    {
        if (o.GetBool("pull-always"))
        {
            return "always";
        }

        if (o.GetBool("pull-never"))
        {
            return "never";
        }

        if (!o.Changed("pull"))
        {
            return "missing";
        }

        return (o.GetString("pull") ?? "true").Trim().ToLowerInvariant() switch
        {
            "true" or "newer" or "ifnewer" => "newer",
            "false" or "missing" or "ifmissing" => "missing",
            "always" => "always",
            "never" => "never",
            var other => throw new BerthException(ErrorKind.InvalidArgument, $"unrecognized pull policy {other}"),
        };
    }

    public static Task<int> ContainersAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        BuildahSession.RefuseUnsupported(invocation, ["filter"]);
        using var session = BuildahSession.Open(invocation);
        var rows = session.Builders.List()
            .Select(b => new WorkingContainerRow(b.Id, true, b.FromImageId ?? "", b.FromImage, b.Name))
            .ToList();
        if (o.GetBool("all"))
        {
            var builderIds = rows.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
            rows.AddRange(session.Containers.List()
                .Where(c => !builderIds.Contains(c.Id))
                .Select(c => new WorkingContainerRow(c.Id, false, c.Config.ImageId ?? "", c.Config.ImageName, c.Name)));
        }

        BuildahOutput.WriteContainers(invocation.Out, rows, new BuildahListOptions
        {
            Format = o.GetString("format"),
            Json = o.GetBool("json"),
            NoHeading = o.GetBool("noheading"),
            NoTruncate = o.GetBool("notruncate"),
            Quiet = o.GetBool("quiet"),
        });
        return Task.FromResult(0);
    }

    public static Task<int> MountAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var session = BuildahSession.Open(invocation);
        var builders = session.Builders;
        var json = invocation.Options.GetBool("json");
        List<(string Name, string Path)> mounted;
        if (invocation.Arguments.Count == 0)
        {
            // The list shows working containers that hold a mount, by name.
            mounted = builders.List()
                .Where(b => b.MountPoint is not null && Directory.Exists(b.MountPoint))
                .OrderBy(b => b.Name, StringComparer.Ordinal)
                .Select(b => (b.Name, b.MountPoint!))
                .ToList();
        }
        else
        {
            var states = invocation.Arguments.Select(session.Find).ToList();
            mounted = states.Select(s => (s.Name, builders.Mount(s))).ToList();
            if (mounted.Count == 1 && !json)
            {
                invocation.Out.WriteLine(mounted[0].Path);
                return Task.FromResult(0);
            }
        }

        if (json)
        {
            invocation.Out.WriteLine(BuildahOutput.Json(mounted.Select(m => new GoStruct("jsonMount",
                new GoField("Container", "container", m.Name),
                new GoField("MountPoint", "mountPoint", m.Path))).ToList()));
            return Task.FromResult(0);
        }

        foreach (var (name, path) in mounted)
        {
            invocation.Out.WriteLine($"{name} {path}");
        }

        return Task.FromResult(0);
    }

    public static Task<int> UmountAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var all = invocation.Options.GetBool("all");
        if (all && invocation.Arguments.Count > 0)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "when using the --all switch, you may not pass any container IDs");
        }

        if (!all && invocation.Arguments.Count == 0)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "at least one container ID must be specified");
        }

        using var session = BuildahSession.Open(invocation);
        var builders = session.Builders;
        var states = all
            ? builders.List().Where(b => b.MountPoint is not null).ToList()
            : invocation.Arguments.Select(n => builders.TryGet(n) ?? throw new BerthException(ErrorKind.NotFound, $"error unmounting container {n}: container not known")).ToList();
        foreach (var state in states)
        {
            builders.Unmount(state, force: all);
            invocation.Out.WriteLine(state.Id);
        }

        return Task.FromResult(0);
    }

    public static async Task<int> RmAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var all = invocation.Options.GetBool("all");
        if (all && invocation.Arguments.Count > 0)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "when using the --all switch, you may not pass any containers names or IDs");
        }

        if (!all && invocation.Arguments.Count == 0)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "container ID must be specified");
        }

        using var session = BuildahSession.Open(invocation);
        var builders = session.Builders;
        if (all)
        {
            foreach (var state in builders.List())
            {
                await builders.RemoveAsync(state, cancellationToken).ConfigureAwait(false);
                invocation.Out.WriteLine(state.Id);
            }

            return 0;
        }

        // buildah removes the ones it finds, in order, and stops at the first that does not exist.
        foreach (var name in invocation.Arguments)
        {
            var state = builders.TryGet(name) ?? throw BuildahSession.NotKnown("removing container", name);
            await builders.RemoveAsync(state, cancellationToken).ConfigureAwait(false);
            invocation.Out.WriteLine(state.Id);
        }

        return 0;
    }

    public static async Task<int> RunAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        if (invocation.Arguments.Count == 0)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "container ID must be specified");
        }

        var command = invocation.Arguments.Skip(1).ToList();
        if (command is ["--", ..])
        {
            command.RemoveAt(0);
        }

        if (command.Count == 0)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "command must be specified");
        }

        BuildahSession.RefuseUnsupported(invocation, RunUnsupported);
        var given = o.Changed("network") ? RunNetworkFlags.Network(o) : null;
        var noHosts = RunNetworkFlags.Files(o, given ?? RunNetwork.Default).NoHosts;
        // --ipc/--pid/--uts/--cgroupns/--runtime-flag as podman build reads them; buildah run checks capabilities its own way.
        var container = BuildRunFlags.Parse(o, checkCapabilities: false);
        using var session = BuildahSession.Open(invocation);
        var state = session.Find(invocation.Arguments[0]);
        CheckRunCapabilities(o.GetStrings("cap-add"), "adding", "to");
        CheckRunCapabilities(o.GetStrings("cap-drop"), "removing", "from");
        // What buildah from set holds unless this run says otherwise.
        var network = given ?? RunNetwork.Parse(state.Network);
        var networkFiles = state.NetworkFiles ?? new RunNetworkFiles();
        if (noHosts)
        {
            networkFiles = networkFiles with { NoHosts = true };
        }
        var env = o.GetStrings("env").Select(e => e.Contains('=', StringComparison.Ordinal) ? e : $"{e}={Environment.GetEnvironmentVariable(e)}").ToList();
        var exit = await session.Builders.RunAsync(state, new BuilderRunRequest
        {
            Args = command,
            Env = env,
            User = o.GetString("user") is { Length: > 0 } user ? user : null,
            WorkingDir = o.GetString("workingdir") is { Length: > 0 } dir ? dir : null,
            Network = network,
            NetworkFiles = networkFiles,
            Mounts = VolumeBinds.Parse(o.GetStrings("volume")).ToList(),
            Container = container,
        }, cancellationToken).ConfigureAwait(false);
        // The mount RunAsync took is released: buildah run leaves the container as it found it.
        session.Builders.Unmount(state);
        if (exit != 0)
        {
            // buildah's message and the command's status as the exit code.
            throw new BerthException(ErrorKind.Internal, $"while running runtime: exit status {exit}") { ExitCode = exit };
        }

        return exit;
    }

    /// <summary>
    /// buildah 1.28's run: a capability name must carry the CAP_ prefix (any case) and be known; ALL is passed on.
    /// Its messages, e.g. <c>adding "FOO" to the bounding capability set: capability FOO must start with CAP_</c>.
    /// </summary>
    private static void CheckRunCapabilities(IReadOnlyList<string> names, string verb, string preposition)
    {
        foreach (var name in names)
        {
            var upper = name.ToUpperInvariant();
            var problem = upper == "ALL" ? null
                : !upper.StartsWith("CAP_", StringComparison.Ordinal) ? $"capability {upper} must start with CAP_"
                : !Berth.Runtime.Spec.Capabilities.All.Contains(upper) ? $"invalid capability: {upper}"
                : null;
            if (problem is not null)
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"{verb} \"{name}\" {preposition} the bounding capability set: {problem}");
            }
        }
    }
}
