using Berth.Oci;

namespace Berth.Runtime.Spec;

/// <summary>Modifiers of <c>process</c>: argv, identity, working directory, hostname and environment.</summary>
public static class ProcessModifiers
{
    /// <summary>Where <c>--init</c>'s binary is mounted (podman's path).</summary>
    public const string InitMountPoint = "/run/podman-init";

    /// <summary>
    /// podman's makeCommand: the entrypoint (the flag's, else the image's; <c>[""]</c> means none) followed by the
    /// command (the arguments, else the image's Cmd — but only when no <c>--entrypoint</c> was given).
    /// </summary>
    public static RuntimeSpec WithArgs(RuntimeSpec spec, ContainerSpecInput input)
    {
        var config = input.Image?.Config;
        var entrypoint = input.Entrypoint ?? config?.Entrypoint ?? [];
        var args = new List<string>();
        if (entrypoint is not [""])
        {
            args.AddRange(entrypoint);
        }
        var command = input.Command;
        if (command.Count == 0 && (input.Entrypoint is null || input.Entrypoint.Count == 0))
        {
            command = config?.Cmd ?? [];
        }
        args.AddRange(command);
        if (args.Count == 0)
        {
            throw BerthException.InvalidArgument("no command or entrypoint provided, and no CMD or ENTRYPOINT from image");
        }
        if (input.Init)
        {
            // podman's --init: catatonit as PID 1, the command after "--".
            args.InsertRange(0, [InitMountPoint, "--"]);
        }
        return spec with { Process = SpecGenerator.ProcessOf(spec) with { Args = args } };
    }

    /// <summary>The <c>--user</c> (else the image's User): uid[:gid] numerically, names through the resolver.</summary>
    public static RuntimeSpec WithUser(RuntimeSpec spec, ContainerSpecInput input)
    {
        var user = EffectiveUser(input);
        if (user.Length == 0 && input.GroupAdd.Count == 0)
        {
            return spec;
        }
        var resolved = user.Length == 0 ? new ResolvedUser(0, 0, []) : UserSpec.Resolve(user, input.UserResolver);
        // podman adds the primary group to the additional groups whenever a user is named, then --group-add's.
        var gids = new List<uint> { resolved.Gid };
        gids.AddRange(resolved.AdditionalGids.Concat(input.GroupAdd).Where(g => !gids.Contains(g)).Distinct());
        var process = SpecGenerator.ProcessOf(spec);
        return spec with
        {
            Process = process with
            {
                User = process.User with { Uid = resolved.Uid, Gid = resolved.Gid, AdditionalGids = gids },
            },
        };
    }

    public static RuntimeSpec WithCwd(RuntimeSpec spec, ContainerSpecInput input)
    {
        var cwd = input.WorkingDir is { Length: > 0 } w ? w : input.Image?.Config?.WorkingDir is { Length: > 0 } i ? i : "/";
        return spec with { Process = SpecGenerator.ProcessOf(spec) with { Cwd = cwd } };
    }

    /// <summary>The hostname: <c>--hostname</c>, else the short ID (podman's default).</summary>
    public static RuntimeSpec WithHostname(RuntimeSpec spec, ContainerSpecInput input) =>
        // A joined UTS namespace keeps its own name (the runtime would set it in the namespace of another container);
        // the host's is never renamed (runc refuses a hostname without a UTS namespace of its own).
        spec with { Hostname = input.UtsNamespacePath is null && !input.HostUts ? HostnameOf(input) : null };

    /// <summary>
    /// podman's layering: its defaults (PATH, TERM=xterm, container=podman), then containers.conf env, then the image's,
    /// then <c>--env</c>; HOSTNAME last unless set. Later keys replace earlier ones in place.
    /// </summary>
    public static RuntimeSpec WithEnv(RuntimeSpec spec, ContainerSpecInput input)
    {
        var env = new EnvList();
        // container=podman, not berth: software inside containers tests this value, so it stays podman's.
        env.SetAll([Berth.Config.ContainersConfDefaults.DefaultPath, "TERM=xterm", "container=podman"]);
        env.SetAll(input.ConfEnv);
        env.SetAll(input.Image?.Config?.Env ?? []);
        env.SetAll(input.Env);
        if (!env.Contains("HOSTNAME"))
        {
            env.Set("HOSTNAME=" + (spec.Hostname ?? HostnameOf(input)));
        }
        return spec with { Process = SpecGenerator.ProcessOf(spec) with { Env = env.ToList() } };
    }

    internal static string EffectiveUser(ContainerSpecInput input) => input.User ?? input.Image?.Config?.User ?? "";

    private static string HostnameOf(ContainerSpecInput input) =>
        input.Hostname is { Length: > 0 } h ? h : input.ContainerId[..Math.Min(12, input.ContainerId.Length)];
}
