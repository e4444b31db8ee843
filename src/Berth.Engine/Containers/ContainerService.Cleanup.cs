using Berth.Runtime.Conmon;

namespace Berth.Engine.Containers;

/// <summary>What <see cref="ContainerService.RemoveAsync"/> may do to a container that is still running.</summary>
public sealed record RemoveOptions
{
    public bool Force { get; init; }

    /// <summary>Seconds before SIGKILL when a running container is stopped first; null = its stop timeout.</summary>
    public uint? Timeout { get; init; }

    /// <summary><c>rm -v</c>: the container's anonymous volumes go with it.</summary>
    public bool Volumes { get; init; }

    /// <summary>The container goes with its pod (only then may a pod's infra container be removed).</summary>
    public bool WithPod { get; init; }
}

public sealed partial class ContainerService
{
    /// <summary>
    /// <c>berth container cleanup</c>, which conmon runs when the container exits: notices the exit, releases the root
    /// file system and the runtime container, applies the restart policy, and removes a <c>--rm</c> container.
    /// Harmless when someone else (the foreground <c>run</c>) has done it already.
    /// </summary>
    public Task<Container?> CleanupAsync(string nameOrId, bool remove, CancellationToken cancellationToken) =>
        TryFind(nameOrId) is { } found ? CleanupAsync(found, remove, cancellationToken) : Task.FromResult<Container?>(null);

    /// <summary><see cref="CleanupAsync(string, bool, CancellationToken)"/> of a container in hand (the foreground <c>run</c>'s own).</summary>
    public async Task<Container?> CleanupAsync(Container known, bool remove, CancellationToken cancellationToken)
    {
        if (Refresh(known) is not { } found)
        {
            return null;
        }

        var result = await CleanupFoundAsync(found, remove, cancellationToken).ConfigureAwait(false);
        await ApplyPodExitPolicyAsync(found, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// podman's pod exit policy "stop": when the last container of the pod other than the infra container has exited,
    /// the infra container is stopped too (and the pod shows Exited). Runs after the member's lock is released. An init
    /// container's exit is part of the pod's start, not the end of its work: it never stops the pod (podman 4.3.1 only
    /// gets there when its cleanup loses the race with the start of the next member).
    /// </summary>
    private async Task ApplyPodExitPolicyAsync(Container member, CancellationToken cancellationToken)
    {
        if (member.Config.Pod.Length == 0 || member.Config.IsInfra || member.Config.IsInitContainer || member.Config.PodInfraId.Length == 0
            || Store.Pods.Get(member.Config.Pod) is not { } pod || Pods.PodConfig.From(pod).ExitPolicy != "stop")
        {
            return;
        }

        var others = Store.Containers.List()
            .Where(r => r.Id != member.Config.PodInfraId)
            .Select(Container.From)
            .Where(c => c.Config.Pod == member.Config.Pod);
        if (others.Any(c => c.State.Status is ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Stopping))
        {
            return;
        }

        if (TryFind(member.Config.PodInfraId) is { State.Status: ContainerStatus.Running or ContainerStatus.Paused } infra)
        {
            await StopAsync(infra, null, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Container?> CleanupFoundAsync(Container found, bool remove, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(found.Id, cancellationToken).ConfigureAwait(false);
        if (Refresh(found) is not { } c)
        {
            return null;
        }

        if (c.State.Status is ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Created or ContainerStatus.Stopping)
        {
            return c;
        }

        if (remove && c.Config.AutoRemove && c.State.Status == ContainerStatus.Stopped && !ShouldRestart(c))
        {
            // --rm: straight to removal, whose runtime delete, network teardown and layer removal overlap; its
            // anonymous volumes go too (podman's run --rm).
            await RemoveLockedAsync(c, removeVolumes: true, cancellationToken).ConfigureAwait(false);
            held.DeleteFile();
            return null;
        }

        if (c.State.Status == ContainerStatus.Stopped)
        {
            c = await CleanupLockedAsync(c, cancellationToken).ConfigureAwait(false);
            if (ShouldRestart(c))
            {
                c = SaveLocked(c, c.State with { RestartCount = c.State.RestartCount + 1 });
                c = await InitLockedAsync(c, cancellationToken).ConfigureAwait(false);
                return await StartLockedAsync(c, cancellationToken).ConfigureAwait(false);
            }
        }

        if (remove && c.Config.AutoRemove && c.State.Status == ContainerStatus.Exited)
        {
            await RemoveLockedAsync(c, removeVolumes: true, cancellationToken).ConfigureAwait(false);
            held.DeleteFile();
            return null;
        }

        return c;
    }

    /// <summary>Removes a container; a running one only with <see cref="RemoveOptions.Force"/> (it is stopped first).</summary>
    public async Task RemoveAsync(Container container, RemoveOptions options, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(container.Id, cancellationToken).ConfigureAwait(false);
        var c = Reload(container);
        if (c.Config.IsInfra && !options.WithPod)
        {
            // podman exits 125 here (not the 2 of "running container" refusals): a Conflict, not an InvalidState.
            throw new BerthException(ErrorKind.Conflict, $"container {c.Id} is the infra container of pod {c.Config.Pod} and cannot be removed without removing the pod");
        }

        if (c.State.Status is ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Stopping)
        {
            if (!options.Force)
            {
                throw new BerthException(
                    ErrorKind.InvalidState,
                    $"cannot remove container {c.Id} as it is {ContainerStatus.Shown(c.State.Status)} - running or paused containers cannot be removed without force: container state improper");
            }

            c = await StopLockedAsync(c, options.Timeout, cancellationToken).ConfigureAwait(false);
        }

        await RemoveLockedAsync(c, options.Volumes, cancellationToken).ConfigureAwait(false);
        held.DeleteFile();
    }

    /// <summary>After the process exited: the runtime container deleted, the root file system unmounted, state exited.</summary>
    internal async Task<Container> CleanupLockedAsync(Container c, CancellationToken cancellationToken)
    {
        // Once the process has exited (every container has its own PID namespace, so nothing else of it is left), the
        // runtime's delete (a process of its own) only removes its cgroups and state directory (Berth's specs carry no
        // poststop hooks) and nothing uses the root file system or the network namespace any more: the network teardown
        // and the unmount run meanwhile. The state says exited only after all are done.
        var runtimeDelete = Runtime.DeleteAsync(c.Id, force: true, cancellationToken);
        try
        {
            if (c.State.Status != ContainerStatus.Stopped)
            {
                await runtimeDelete.ConfigureAwait(false);
            }

            var teardown = TeardownNetworkAsync(c, cancellationToken);
            try
            {
                ReleaseRunMounts(c);
                if (c.State.Mountpoint.Length > 0)
                {
                    Store.Layers.UnmountContainer(c.Id, force: false);
                }
            }
            finally
            {
                await teardown.ConfigureAwait(false);
            }
        }
        finally
        {
            await runtimeDelete.ConfigureAwait(false);
        }

        var exitCode = ExitFile.TryRead(Paths.ExitDir, c.Id);
        return SaveLocked(c, c.State with
        {
            Status = ContainerStatus.Exited,
            Pid = 0,
            ConmonPid = 0,
            Mountpoint = "",
            ExitCode = exitCode ?? c.State.ExitCode,
            ExecIds = [],
            FinishedAt = c.State.FinishedAt == default ? DateTimeOffset.UtcNow : c.State.FinishedAt,
            NetNsPath = "",
            NetworkStatus = null,
            NetworkDefinitions = null,
            MountedVolumes = [],
            MountedImageLayers = [],
        });
    }

    /// <summary>The volumes and image layers this run held, and the overlay volumes' upper directories (their changes are thrown away).</summary>
    private void ReleaseRunMounts(Container c)
    {
        ReleaseMounts(c.State.MountedVolumes, c.State.MountedImageLayers);
        DeleteTree(Path.Combine(Paths.Bundle(c.Id), "overlay"));
    }

    private async Task RemoveLockedAsync(Container c, bool removeVolumes, CancellationToken cancellationToken)
    {
        Task runtimeDelete;
        var teardown = Task.CompletedTask;
        if (c.State.Status == ContainerStatus.Stopped)
        {
            // The process has exited (see CleanupLockedAsync): the runtime's delete runs while the root file system is
            // unmounted and the layer and files are removed, and the state goes from stopped to removing in one write.
            // The record goes last, after the runtime's delete: a removal cut short stays "removing", and the next rm
            // deletes the runtime container again and finishes.
            // On another thread: with runc, the delete is this process's own work (cgroup removal can wait in the kernel).
            runtimeDelete = Task.Run(() => Runtime.DeleteAsync(c.Id, force: true, cancellationToken), CancellationToken.None);
            try
            {
                // The namespace path stays in the state until the record goes: a removal cut short tears it down again.
                SaveLocked(c, c.State with { Status = ContainerStatus.Removing, Pid = 0, ConmonPid = 0, Mountpoint = "", MountedVolumes = [], MountedImageLayers = [] });
            }
            catch
            {
                await runtimeDelete.ConfigureAwait(false);
                throw;
            }

            teardown = TeardownNetworkAsync(c, cancellationToken);
        }
        else
        {
            if (c.IsActive)
            {
                c = await CleanupLockedAsync(c, cancellationToken).ConfigureAwait(false);
            }
            else if (c.State.NetNsPath.Length > 0)
            {
                c = await TeardownNetworkLockedAsync(c, cancellationToken).ConfigureAwait(false);
            }

            // A berth killed between the runtime's create and saving the state leaves a "configured" record whose
            // runtime container (runc init under conmon) exists: its runtime state directory says so, and it goes too.
            var hadRuntimeContainer = c.State.Status is not (ContainerStatus.Exited or ContainerStatus.Configured)
                || Directory.Exists(Path.Combine(Paths.RuntimeRoot, c.Id));
            SaveLocked(c, c.State with { Status = ContainerStatus.Removing });
            runtimeDelete = hadRuntimeContainer ? Runtime.DeleteAsync(c.Id, force: true, cancellationToken) : Task.CompletedTask;
            await runtimeDelete.ConfigureAwait(false);
        }

        var files = Task.CompletedTask;
        try
        {
            // Released once: the state saved above no longer lists them (a removal cut short leaks a count, never takes one twice).
            ReleaseRunMounts(c);
            // The container's own files (nothing of them is mounted any more) go on another thread meanwhile: the
            // unmount below can wait in the kernel for an RCU grace period.
            files = Task.Run(() => DeleteContainerFiles(c.Id), CancellationToken.None);
            Store.Layers.UnmountContainer(c.Id, force: true);
            if (Store.Layers.GetContainerLayer(c.Id) is not null)
            {
                await Store.Layers.RemoveContainerLayerAsync(c.Id, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            try
            {
                await files.ConfigureAwait(false);
            }
            finally
            {
                try
                {
                    await teardown.ConfigureAwait(false);
                }
                finally
                {
                    await runtimeDelete.ConfigureAwait(false);
                }
            }
        }

        if (c.Config.NetworkMode == "bridge")
        {
            Leases.Release(c.Id);
        }

        Store.Containers.Remove(c.Id);
        if (removeVolumes)
        {
            await RemoveAnonymousVolumesAsync(c.Config, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The run directory (bundle), the static directory (logs), the exit file and the socket directory.</summary>
    private void DeleteContainerFiles(string id)
    {
        DeleteTree(Paths.RunDir(id));
        DeleteTree(Paths.StaticDir(id));
        if (File.Exists(Paths.ExitFile(id)))
        {
            // Guarded: a store whose containers never ran has no exits directory, and File.Delete throws for that.
            File.Delete(Paths.ExitFile(id));
        }

        DeleteTree(Path.Combine(Paths.SocketDir, id));
    }

    /// <summary>The restart policy's verdict after an exit (podman's handleRestartPolicy).</summary>
    private static bool ShouldRestart(Container c) => c.Config.RestartPolicy switch
    {
        "always" or "unless-stopped" => !c.State.StoppedByUser,
        "on-failure" => !c.State.StoppedByUser && c.State.ExitCode != 0
            && (c.Config.RestartRetries == 0 || c.State.RestartCount < c.Config.RestartRetries),
        _ => false,
    };

    private static void DeleteTree(string path)
    {
        if (!Directory.Exists(path))
        {
            return;
        }

        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
