using Berth.Oci;
using Berth.Runtime.Files;

namespace Berth.Engine.Containers;

/// <summary>What <c>exec</c> asks for (podman's ExecConfig).</summary>
public sealed record ExecRequest
{
    /// <summary>The command and its arguments; must not be empty.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>"KEY=value" entries added after the container's environment (the runtime keeps the last value of a key).</summary>
    public IReadOnlyList<string> Env { get; init; } = [];

    /// <summary><c>--user</c>; null or empty = the container's user.</summary>
    public string? User { get; init; }

    /// <summary><c>--workdir</c>; null or empty = the container's working directory.</summary>
    public string? WorkingDir { get; init; }

    public bool Terminal { get; init; }

    /// <summary><c>-i</c>: a stdin pipe the attach socket feeds.</summary>
    public bool Interactive { get; init; }

    /// <summary><c>--privileged</c>: the bounding set becomes every capability the caller has.</summary>
    public bool Privileged { get; init; }

    /// <summary><c>-d</c>: nobody attaches; the session is removed by conmon's exit command when it ends.</summary>
    public bool Detach { get; init; }
}

/// <summary>
/// The process of an exec session, derived from the container's own (config.json's <c>process</c>) as podman 4.3's
/// prepareProcessExec and setProcessCapabilitiesExec do: the command, terminal as asked, the extra environment after
/// the container's, the working directory, the user looked up in the container (its --group-add groups only when the
/// container's user is used), capabilities (bounding from the container or, privileged, the caller's full set;
/// inheritable cleared; uid 0 gets effective = permitted = bounding; the container's own non-root user gets the
/// container's effective set everywhere) and HOME from the user's passwd entry when the environment has none.
/// </summary>
public static class ExecProcessBuilder
{
    /// <param name="container">The container's process from its config.json.</param>
    /// <param name="request">The exec request.</param>
    /// <param name="containerUser">The container's <c>--user</c> (empty = root).</param>
    /// <param name="lookup">Resolves a user spec in the container's /etc/passwd and /etc/group.</param>
    /// <param name="groupAdd">The container's <c>--group-add</c> gids, used when the exec runs as the container's user.</param>
    /// <param name="allCapabilities">The caller's bounding set (for <c>--privileged</c>).</param>
    public static RuntimeProcess Build(
        RuntimeProcess container,
        ExecRequest request,
        string containerUser,
        Func<string, ContainerUser> lookup,
        IReadOnlyList<uint> groupAdd,
        IReadOnlyList<string> allCapabilities)
    {
        var user = request.User is { Length: > 0 } u ? u : containerUser;
        var groups = request.User is { Length: > 0 } ? [] : groupAdd;
        var execUser = lookup(user);
        var processUser = container.User;
        if (user.Length > 0 || groups.Count > 0)
        {
            IReadOnlyList<uint> gids = user.Length > 0 ? [.. groups, .. execUser.SupplementaryGids] : groups;
            processUser = new RuntimeUser
            {
                Uid = execUser.Uid,
                Gid = execUser.Gid,
                Umask = container.User.Umask,
                AdditionalGids = gids.Count > 0 ? gids : null,
            };
        }

        var env = new List<string>(container.Env ?? []);
        env.AddRange(request.Env);
        if (!env.Any(e => e.StartsWith("HOME=", StringComparison.Ordinal)))
        {
            env.Add("HOME=" + (execUser.Home.Length > 0 ? execUser.Home : "/"));
        }

        return container with
        {
            Args = request.Command,
            Terminal = request.Terminal,
            Env = env,
            Cwd = request.WorkingDir is { Length: > 0 } cwd ? cwd : container.Cwd,
            User = processUser,
            Capabilities = Capabilities(container.Capabilities, request.Privileged, execUser.Uid, user == containerUser, allCapabilities),
        };
    }

    private static RuntimeCapabilities Capabilities(RuntimeCapabilities? container, bool privileged, uint uid, bool containerUser, IReadOnlyList<string> all)
    {
        var bounding = privileged ? all : container?.Bounding ?? [];
        var caps = (container ?? new RuntimeCapabilities()) with { Bounding = bounding, Inheritable = [] };
        if (uid == 0)
        {
            return caps with { Effective = bounding, Permitted = bounding };
        }

        if (containerUser)
        {
            var effective = container?.Effective ?? [];
            return caps with { Effective = effective, Inheritable = effective, Permitted = effective, Ambient = effective };
        }

        return caps;
    }
}
