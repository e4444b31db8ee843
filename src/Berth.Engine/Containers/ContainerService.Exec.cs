using System.Text.Json;
using Berth.Oci;
using Berth.Runtime.Conmon;
using Berth.Runtime.Files;
using Berth.Runtime.Naming;

namespace Berth.Engine.Containers;

/// <summary>A started exec session: its ID, the process under its own conmon, and (attached) the socket to its streams.</summary>
public sealed class ExecSession : IAsyncDisposable
{
    internal ExecSession(string containerId, string id, ExecStarted started, string controlFifo)
    {
        ContainerId = containerId;
        Id = id;
        Started = started;
        ControlFifo = controlFifo;
    }

    public string ContainerId { get; }

    /// <summary>The session's ID (what <c>exec -d</c> prints and inspect's ExecIDs lists).</summary>
    public string Id { get; }

    /// <summary>The process and, attached, its <see cref="ExecStarted.Attach"/> socket.</summary>
    public ExecStarted Started { get; }

    /// <summary>conmon's control FIFO for terminal resize messages.</summary>
    public string ControlFifo { get; }

    public ValueTask DisposeAsync() => Started.DisposeAsync();
}

public sealed partial class ContainerService
{
    /// <summary>
    /// Starts a process in a running container (podman's ExecCreate + ExecStart): the session is recorded in the
    /// container's state (ExecIDs), its process spec derived from the container's config.json, and conmon started
    /// with the attach socket connected before the process runs (unless detached). Wait for it with
    /// <see cref="WaitExecAsync"/>, which also removes the session; a detached session is removed by conmon's exit
    /// command (<c>container cleanup --exec</c>).
    /// </summary>
    public async Task<ExecSession> ExecAsync(Container container, ExecRequest request, CancellationToken cancellationToken)
    {
        if (request.Command.Count == 0 || request.Command[0].Length == 0)
        {
            throw BerthException.InvalidArgument("must provide a non-empty command to start an exec session: invalid argument");
        }

        using var held = await LockAsync(container.Id, cancellationToken).ConfigureAwait(false);
        var c = Reload(container);
        if (c.State.Status != ContainerStatus.Running)
        {
            throw new BerthException(ErrorKind.InvalidState, "can only create exec sessions on running containers: container state improper");
        }

        var process = ExecProcess(c, request);
        var sessionId = ContainerIds.New();
        var options = new ExecOptions
        {
            ContainerId = c.Id,
            ContainerName = c.Name,
            SessionId = sessionId,
            SessionDirectory = ExecSessionDirectory(c.Id, sessionId),
            Process = process,
            Attach = !request.Detach,
            Stdin = request.Interactive,
            LogLevel = engine.Options.LogLevel,
            ExitCommand = request.Detach ? [.. BerthCommandPrefix(), "container", "cleanup", "--exec", sessionId, c.Id] : [],
        };
        c = SaveLocked(c, c.State with { ExecIds = [.. c.State.ExecIds, sessionId] });
        try
        {
            var started = await Runtime.ExecAsync(options, cancellationToken).ConfigureAwait(false);
            return new ExecSession(c.Id, sessionId, started, ConmonRuntime.ExecControlFifoPath(options));
        }
        catch
        {
            ForgetExecSession(c, sessionId);
            throw;
        }
    }

    /// <summary>Waits for the session's process to end, removes the session and returns the process's exit code.</summary>
    public async Task<int> WaitExecAsync(ExecSession session, CancellationToken cancellationToken)
    {
        try
        {
            return await session.Started.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await RemoveExecSessionAsync(session.ContainerId, session.Id, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Forgets an exec session whose process has ended (<c>container cleanup --exec</c>); unknown ones are ignored.</summary>
    public async Task RemoveExecSessionAsync(string containerId, string sessionId, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(containerId, cancellationToken).ConfigureAwait(false);
        if (Store.Containers.Get(containerId) is null)
        {
            return;
        }

        ForgetExecSession(Reload(containerId), sessionId);
    }

    /// <summary>The session's directory (podman's execBundlePath): under the container's bundle.</summary>
    public string ExecSessionDirectory(string containerId, string sessionId) => Path.Combine(Paths.Bundle(containerId), sessionId);

    private void ForgetExecSession(Container c, string sessionId)
    {
        if (c.State.ExecIds.Contains(sessionId))
        {
            SaveLocked(c, c.State with { ExecIds = [.. c.State.ExecIds.Where(id => id != sessionId)] });
        }

        try
        {
            Directory.Delete(ExecSessionDirectory(c.Id, sessionId), recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>The exec process from the container's config.json process (users looked up in its mounted root).</summary>
    private RuntimeProcess ExecProcess(Container c, ExecRequest request)
    {
        RuntimeSpec? spec;
        var specPath = Path.Combine(Paths.Bundle(c.Id), "config.json");
        try
        {
            using var file = File.OpenRead(specPath);
            spec = JsonSerializer.Deserialize(file, RuntimeJsonContext.Default.RuntimeSpec);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new BerthException(ErrorKind.Internal, $"reading the runtime spec of container {c.Id}: {e.Message}", e);
        }

        var process = spec?.Process ?? throw new BerthException(ErrorKind.Internal, $"the runtime spec of container {c.Id} has no process");
        var lookup = UserLookup.ForRootfs(c.State.Mountpoint);
        IReadOnlyList<uint> groups = request.User is { Length: > 0 } || c.Config.GroupAdd.Count == 0 || UserLookup.IsKeepGroups(c.Config.GroupAdd)
            ? []
            : lookup.AdditionalGroups(c.Config.GroupAdd);
        return ExecProcessBuilder.Build(process, request, c.Config.User ?? "", lookup.Lookup, groups, HostRuntimeFacts.Current.BoundingSet);
    }
}
