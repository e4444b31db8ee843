using Berth.Oci;
using Berth.Runtime.Conmon;
using Berth.Runtime.Files;
using Berth.Runtime.Spec;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// Makes the runtime container (podman init): mounts the root file system, writes the container's files and the
    /// runtime spec, and has conmon run the OCI runtime's create. The process exists afterwards but has not started.
    /// </summary>
    public async Task<Container> InitAsync(Container container, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(container.Id, cancellationToken).ConfigureAwait(false);
        var c = Reload(container);
        RefuseInitOfCreated(c);
        return await InitLockedAsync(c, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Init needs a container the runtime does not have: configured, exited or stopped (podman's refusal otherwise).</summary>
    private static void RefuseInitOfCreated(Container c)
    {
        if (c.State.Status != ContainerStatus.Configured && c.State.Status != ContainerStatus.Exited && c.State.Status != ContainerStatus.Stopped)
        {
            throw new BerthException(ErrorKind.InvalidState, $"container {c.Id} has already been created in runtime: container state improper");
        }
    }

    /// <summary>Starts the container (initialising it first when needed); a running container is left as it is.</summary>
    public async Task<Container> StartAsync(Container container, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(container.Id, cancellationToken).ConfigureAwait(false);
        var c = Reload(container);
        if (c.State.Status is ContainerStatus.Running)
        {
            return c;
        }

        if (c.State.Status == ContainerStatus.Paused)
        {
            throw new BerthException(ErrorKind.InvalidState, $"container {c.Id} is paused, unpause it first: container state improper");
        }

        if (c.State.Status != ContainerStatus.Created)
        {
            c = await InitLockedAsync(c, cancellationToken).ConfigureAwait(false);
        }

        return await StartLockedAsync(c, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="StartAsync"/> for an attached client, under one hold of the lock: a container not created in the runtime
    /// yet is initialised (as <see cref="InitAsync"/>, whose refusals it shares), then <paramref name="beforeStart"/>
    /// runs (the client connects to the attach socket, so none of the output is missed), then the process starts.
    /// </summary>
    public async Task<Container> InitAndStartAsync(Container container, Func<Container, Task> beforeStart, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(container.Id, cancellationToken).ConfigureAwait(false);
        var c = Reload(container);
        var pidStored = true;
        if (c.State.Status != ContainerStatus.Created)
        {
            RefuseInitOfCreated(c);
            c = await InitLockedAsync(c, cancellationToken, startFollows: true).ConfigureAwait(false);
            pidStored = false;
        }

        try
        {
            await beforeStart(c).ConfigureAwait(false);
            return await StartLockedAsync(c, cancellationToken).ConfigureAwait(false);
        }
        catch when (!pidStored)
        {
            // Not started after all: the created state gets the process's pid it was waiting for.
            SaveLocked(c, c.State);
            throw;
        }
    }

    /// <summary>
    /// Stops the container: its stop signal, then SIGKILL after <paramref name="timeout"/> seconds (the container's own
    /// stop timeout when null), then cleanup. A container that is not running is only cleaned up (no error, as podman).
    /// </summary>
    public async Task<Container> StopAsync(Container container, uint? timeout, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(container.Id, cancellationToken).ConfigureAwait(false);
        var c = Reload(container);
        return await StopLockedAsync(c, timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="signal"/> to the container's process; the container must be running.</summary>
    public async Task KillAsync(Container container, int signal, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(container.Id, cancellationToken).ConfigureAwait(false);
        var c = Reload(container);
        if (c.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Stopping))
        {
            throw new BerthException(ErrorKind.InvalidState, $"can only kill running containers. {c.Id} is in state {ContainerStatus.Shown(c.State.Status)}: container state improper");
        }

        await Runtime.KillAsync(c.Id, signal, all: false, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Container> PauseAsync(Container container, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(container.Id, cancellationToken).ConfigureAwait(false);
        var c = Reload(container);
        if (c.State.Status == ContainerStatus.Paused)
        {
            throw new BerthException(ErrorKind.InvalidState, $"\"{c.Id}\" is already paused: container state improper");
        }

        if (c.State.Status != ContainerStatus.Running)
        {
            throw new BerthException(ErrorKind.InvalidState, $"\"{ContainerStatus.Shown(c.State.Status)}\" is not running, can't pause: container state improper");
        }

        await Runtime.PauseAsync(c.Id, cancellationToken).ConfigureAwait(false);
        return SaveLocked(c, c.State with { Status = ContainerStatus.Paused });
    }

    public async Task<Container> UnpauseAsync(Container container, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(container.Id, cancellationToken).ConfigureAwait(false);
        var c = Reload(container);
        if (c.State.Status != ContainerStatus.Paused)
        {
            throw new BerthException(ErrorKind.InvalidState, $"\"{c.Id}\" is not paused, can't unpause: container state improper");
        }

        await Runtime.ResumeAsync(c.Id, cancellationToken).ConfigureAwait(false);
        return SaveLocked(c, c.State with { Status = ContainerStatus.Running });
    }

    /// <summary>Waits until the container's process has exited and returns its exit code (cleanup is left to the caller).</summary>
    public async Task<int> WaitForExitAsync(Container container, CancellationToken cancellationToken)
    {
        var c = Reload(container);
        while (c.IsActive)
        {
            if (c.State.Status == ContainerStatus.Created)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await ExitFile.WaitAsync(Paths.ExitDir, c.Id, cancellationToken).ConfigureAwait(false);
            }

            c = Reload(c);
        }

        return c.State.ExitCode;
    }

    /// <summary>
    /// Creates the container in the runtime under conmon (state "created"). <paramref name="startFollows"/>: the caller
    /// starts it right after; without a network to set up, the created state is then stored while the runtime creates
    /// the container and the process's pid is returned in memory only, for the running state to store: nothing is
    /// written between the runtime's create and the start. The caller stores the state itself should it not start.
    /// </summary>
    internal async Task<Container> InitLockedAsync(Container c, CancellationToken cancellationToken, bool startFollows = false)
    {
        if (c.State.Status == ContainerStatus.Stopped)
        {
            c = await CleanupLockedAsync(c, cancellationToken).ConfigureAwait(false);
        }
        else if (c.State.NetNsPath.Length > 0)
        {
            // Left by a reboot or an emptied run root: whatever of it still exists goes before a new setup.
            c = await TeardownNetworkLockedAsync(c, cancellationToken).ConfigureAwait(false);
        }

        var image = c.Config.ImageId is { } imageId ? images.TryFind(imageId) : null;
        if (c.Config.ImageId is not null && image is null)
        {
            throw new BerthException(ErrorKind.NotFound, $"image {c.Config.ImageId} of container {c.Id} is not in the store any more: {c.Config.ImageId}: image not known");
        }

        var bundle = Paths.Bundle(c.Id);
        Directory.CreateDirectory(bundle);
        Directory.CreateDirectory(Paths.ExitDir);
        Directory.CreateDirectory(Paths.SocketDir);
        File.Delete(Paths.ExitFile(c.Id));
        // config.json too: conmon starts before the new one is written, and must not find the last run's.
        foreach (var stale in (ReadOnlySpan<string>)["pidfile", "conmon.pid", "oci-log", "oom", "ctl", "winsz", "config.json"])
        {
            File.Delete(Path.Combine(bundle, stale));
        }

        var infraPid = await StartPodInfraAsync(c, cancellationToken).ConfigureAwait(false);
        string? rootfs = null;
        NetworkAttachment? network = null;
        PendingCreate? conmon = null;
        var prepared = PreparedMounts.None;
        try
        {
            network = await BeginNetworkSetupLockedAsync(c, cancellationToken).ConfigureAwait(false);
            c = network?.Container ?? c;
            // conmon starts up (~9 ms of loading its libraries) while the root file system is mounted and the files and
            // the spec are written; it waits at its start pipe until they are.
            Directory.CreateDirectory(Path.GetDirectoryName(c.Config.LogPath) is { Length: > 0 } logDir ? logDir : Paths.StaticDir(c.Id));
            conmon = TakeEarlyConmon(c.Id) ?? Runtime.BeginCreate(ConmonOptionsFor(c) with { HeldDescriptors = network?.Ports.Handles ?? [] });
            rootfs = Store.Layers.MountContainer(c.Id, VolatileUpper(c));
            var users = PasswdDatabase.Load(rootfs);
            // netavark works meanwhile: the files come from the addresses Berth decided (hosts, resolv.conf).
            var podNone = InPodWithoutNetwork(c);
            var files = podNone
                ? ContainerFilesWriter.Write(engine, c, rootfs, bundle, users, podNetworkNone: true)
                : PodFiles(c, ContainerFilesWriter.Write(engine, network is null ? c : c with { State = c.State with { NetworkStatus = network.Expected } }, rootfs, bundle, users));
            var lookup = new UserLookup(users);
            var input = ContainerSpecBuilder.Build(engine, c, image?.Config, rootfs, files, lookup.Resolve) with
            {
                GroupAdd = UserLookup.IsKeepGroups(c.Config.GroupAdd) ? [] : lookup.AdditionalGroups(c.Config.GroupAdd),
                NetworkNamespacePath = network?.NetNsPath ?? JoinedNetworkNamespace(c),
                IpcNamespacePath = c.Config.PodNamespaces.Contains("ipc") ? $"/proc/{infraPid}/ns/ipc" : null,
                UtsNamespacePath = c.Config.PodNamespaces.Contains("uts") ? $"/proc/{infraPid}/ns/uts" : null,
                PidNamespacePath = c.Config.PodNamespaces.Contains("pid") ? $"/proc/{infraPid}/ns/pid" : null,
                CgroupNamespacePath = c.Config.PodNamespaces.Contains("cgroup") ? $"/proc/{infraPid}/ns/cgroup" : null,
            };
            var spec = SpecGenerator.Generate(input);
            prepared = await MountVolumesLocked(c.Config, rootfs, spec.Process?.User.Uid ?? 0, spec.Process?.User.Gid ?? 0, cancellationToken).ConfigureAwait(false);
            if (prepared != PreparedMounts.None)
            {
                // The volumes' first use needed the container's user (ownership), which the spec resolves.
                spec = SpecGenerator.Generate(input with { UserMounts = prepared.Mounts, Devices = prepared.Devices });
            }
            File.WriteAllBytes(Path.Combine(bundle, "config.json"), RuntimeJsonContext.Serialize(spec));
            ContainerState Created(IReadOnlyDictionary<string, Berth.Network.Netavark.NetworkStatus>? status, int pid, int conmonPid) => c.State with
            {
                NetworkStatus = status,
                Status = ContainerStatus.Created,
                Pid = pid,
                ConmonPid = conmonPid,
                BootId = HostRuntimeFacts.Current.BootId,
                Mountpoint = rootfs,
                Error = "",
                OomKilled = false,
                MountedVolumes = prepared.Volumes,
                MountedImageLayers = prepared.ImageLayers,
            };
            Container? early = null;
            // While the runtime creates the container (tens of ms this thread would only wait): the created state, the
            // sync the container's record still owes, and the thread pool's start. A start that follows is an attached
            // client's, which cleans up after the exit with steps on the pool; starting its threads then took ~1 ms.
            Action<int>? meanwhile = startFollows && network is null
                ? conmonPid =>
                {
                    early = SaveLocked(c, Created(c.State.NetworkStatus, 0, conmonPid));
                    Store.SyncOwedWrites();
                    ThreadPool.UnsafeQueueUserWorkItem(static _ => { }, null);
                }
                : _ => Store.SyncOwedWrites();
            var started = await Runtime.CreateAsync(conmon, cancellationToken, meanwhile).ConfigureAwait(false);
            conmon.Dispose();
            network?.Dispose();
            // The runtime's create and netavark's setup overlapped; the process starts only once both are done.
            var status = network is null ? c.State.NetworkStatus : await network.Setup.ConfigureAwait(false);
            var created = Created(status, started.Pid, started.ConmonPid);
            return early is not null ? early with { State = created } : SaveLocked(c, created);
        }
        catch (Exception e)
        {
            conmon?.Dispose();
            network?.Dispose();
            if (network is not null)
            {
                await network.SettleAsync().ConfigureAwait(false);
            }

            await Runtime.DeleteAsync(c.Id, force: true, CancellationToken.None).ConfigureAwait(false);
            c = await TeardownNetworkLockedAsync(Reload(c), CancellationToken.None).ConfigureAwait(false);
            ReleaseMounts(prepared.Volumes, prepared.ImageLayers);
            if (rootfs is not null)
            {
                Store.Layers.UnmountContainer(c.Id, force: false);
            }

            SaveLocked(c, c.State with { Error = e.Message, Mountpoint = "", Pid = 0 });
            throw;
        }
    }

    internal async Task<Container> StartLockedAsync(Container c, CancellationToken cancellationToken)
    {
        await Runtime.StartAsync(c.Id, c.State.Pid, cancellationToken).ConfigureAwait(false);
        return StartHealthcheck(SaveLocked(c, c.State with
        {
            Status = ContainerStatus.Running,
            StartedAt = DateTimeOffset.UtcNow,
            FinishedAt = default,
            ExitCode = 0,
            StoppedByUser = false,
        }));
    }

    internal async Task<Container> StopLockedAsync(Container c, uint? timeout, CancellationToken cancellationToken)
    {
        if (c.State.Status is ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Stopping)
        {
            var paused = c.State.Status == ContainerStatus.Paused;
            c = SaveLocked(c, c.State with { Status = ContainerStatus.Stopping, StoppedByUser = true });
            var wait = TimeSpan.FromSeconds(timeout ?? c.Config.StopTimeout);
            try
            {
                await SignalAndWaitAsync(c, wait, paused, cancellationToken).ConfigureAwait(false);
            }
            catch (BerthException)
            {
                // conmon and the process were killed from outside (no exit file will come): nothing is left to stop.
                if (!await ProcessGoneAsync(c.Id, cancellationToken).ConfigureAwait(false))
                {
                    throw;
                }
            }

            c = Reload(c);
            if (c.IsActive)
            {
                // Gone without an exit file: podman records -1 ("unknown") too.
                c = SaveLocked(c, c.State with { Status = ContainerStatus.Stopped, ExitCode = -1, Pid = 0, FinishedAt = DateTimeOffset.UtcNow });
            }
        }

        if (c.State.Status is ContainerStatus.Stopped or ContainerStatus.Created)
        {
            c = await CleanupLockedAsync(c, cancellationToken).ConfigureAwait(false);
        }

        return c.State.StoppedByUser ? c : SaveLocked(c, c.State with { StoppedByUser = true });
    }

    /// <summary>The stop signal, then SIGKILL after <paramref name="wait"/>; returns once conmon recorded the exit.</summary>
    private async Task SignalAndWaitAsync(Container c, TimeSpan wait, bool paused, CancellationToken cancellationToken)
    {
        if (wait > TimeSpan.Zero)
        {
            await Runtime.KillAsync(c.Id, c.Config.StopSignal, all: false, cancellationToken).ConfigureAwait(false);
            if (paused)
            {
                await Runtime.ResumeAsync(c.Id, cancellationToken).ConfigureAwait(false);
            }
        }

        if (await WaitExitAsync(c.Id, wait, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await Runtime.KillAsync(c.Id, 9, all: true, cancellationToken).ConfigureAwait(false);
        if (paused && wait <= TimeSpan.Zero)
        {
            await Runtime.ResumeAsync(c.Id, cancellationToken).ConfigureAwait(false);
        }

        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(30); waited += TimeSpan.FromSeconds(1))
        {
            if (await WaitExitAsync(c.Id, TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false)
                || await ProcessGoneAsync(c.Id, cancellationToken).ConfigureAwait(false) && ExitFile.TryRead(Paths.ExitDir, c.Id) is null && !ConmonAlive(c))
            {
                return;
            }
        }

        throw new BerthException(ErrorKind.InvalidState, $"given PID did not die within timeout: container {c.Id} did not exit after SIGKILL");
    }

    /// <summary>The runtime has no running process for the container (stopped, or no state at all).</summary>
    private async Task<bool> ProcessGoneAsync(string id, CancellationToken cancellationToken) =>
        await Runtime.StateAsync(id, cancellationToken).ConfigureAwait(false) is not { Status: "running" or "paused" or "created" };

    /// <summary>Whether the container's conmon still runs (it would write the exit file).</summary>
    private static bool ConmonAlive(Container c) => c.State.ConmonPid > 0 && Directory.Exists($"/proc/{c.State.ConmonPid}");

    /// <summary>True when conmon recorded the exit within <paramref name="timeout"/>.</summary>
    private async Task<bool> WaitExitAsync(string id, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (ExitFile.TryRead(Paths.ExitDir, id) is not null)
        {
            return true;
        }

        if (timeout <= TimeSpan.Zero)
        {
            return false;
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await ExitFile.WaitAsync(Paths.ExitDir, id, timer.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

}
