using System.Runtime.InteropServices;
using Berth.Cli.CommandLine;
using Berth.Engine.Containers;
using Berth.Platform;
using Berth.Runtime.Conmon;

namespace Berth.Cli.Commands;

/// <summary>Attached runs: run without -d, start -a, attach. The streams go through conmon's attach socket.</summary>
public static partial class ContainerActions
{
    /// <summary>What an attached session connects.</summary>
    internal sealed record AttachRequest
    {
        public bool Stdin { get; init; }
        public bool Stdout { get; init; } = true;
        public bool Stderr { get; init; } = true;
        public string DetachKeys { get; init; } = "ctrl-p,ctrl-q";
        public bool SigProxy { get; init; } = true;

        /// <summary>Start the container once attached (run, start -a); false for attach to a running one.</summary>
        public bool Start { get; init; }
    }

    public static async Task<int> AttachAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        using var service = Open(invocation);
        var c = o.Changed("latest") && o.GetBool("latest") ? service.Latest() : service.Find(invocation.Arguments[0]);
        if (c.State.Status is not (ContainerStatus.Running or ContainerStatus.Created))
        {
            throw new BerthException(ErrorKind.InvalidState, "you can only attach to running containers: container state improper");
        }

        var request = new AttachRequest
        {
            Stdin = c.Config.Stdin && !(o.Changed("no-stdin") && o.GetBool("no-stdin")),
            DetachKeys = o.Changed("detach-keys") ? o.GetString("detach-keys") ?? "" : c.Config.DetachKeys ?? "ctrl-p,ctrl-q",
            SigProxy = !o.Changed("sig-proxy") || o.GetBool("sig-proxy"),
            Start = c.State.Status == ContainerStatus.Created,
        };
        return await AttachedAsync(invocation, service, c, request, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> StartAttachedAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        using var service = Open(invocation);
        if (invocation.Arguments.Count != 1)
        {
            throw new UsageException("you cannot start and attach multiple containers at once");
        }

        var c = service.Find(invocation.Arguments[0]);
        if (c.IsRunning)
        {
            throw new BerthException(ErrorKind.InvalidState, $"container {c.Id} is already running: container state improper");
        }

        var request = new AttachRequest
        {
            Stdin = o.Changed("interactive") && o.GetBool("interactive") && c.Config.Stdin,
            DetachKeys = o.Changed("detach-keys") ? o.GetString("detach-keys") ?? "" : c.Config.DetachKeys ?? "ctrl-p,ctrl-q",
            SigProxy = !o.Changed("sig-proxy") || o.GetBool("sig-proxy"),
            Start = true,
        };
        return await AttachedAsync(invocation, service, c, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Connects to the container's streams (initialising it first when it is to be started), starts it, copies the
    /// streams until the container ends or the user detaches, and returns the container's exit code (0 on detach).
    /// </summary>
    internal static async Task<int> AttachedAsync(Invocation invocation, ContainerService service, Container c, AttachRequest request, CancellationToken cancellationToken)
    {
        var keys = DetachKeys.Parse(request.DetachKeys);
        service.ExitCommandDelaySeconds = 1;
        var passthrough = c.Config.LogDriver == "passthrough";
        if (passthrough && !request.Start)
        {
            // podman's Attach: the container writes to the streams of whoever started it, conmon has none to offer.
            throw new BerthException(ErrorKind.InvalidState, "this container is using the 'passthrough' log driver, cannot attach: this container is not logging output");
        }

        await invocation.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<int>? exited = null;
        int code;
        try
        {
            if (passthrough)
            {
                // conmon gave the container this process's own standard streams at init (podman's passthrough): there is
                // no attach socket; start, forward signals, and wait for the exit.
                SignalForwarding? forwarding = null;
                try
                {
                    c = await service.InitAndStartAsync(c, created =>
                    {
                        forwarding = request.SigProxy && !created.Config.Terminal ? SignalForwarding.Begin(service, created) : null;
                        return Task.CompletedTask;
                    }, cancellationToken).ConfigureAwait(false);
                    // Watched from the start on: the look after the watch is in place finds an exit that came first.
                    exited = ExitFile.WaitAsync(service.Paths.ExitDir, c.Id, watching.Token);
                    code = await exited.ConfigureAwait(false);
                }
                finally
                {
                    forwarding?.Dispose();
                }

                return await FinishAsync(service, c, code, cancellationToken).ConfigureAwait(false);
            }

            AttachSession? session = null;
            IDisposable? raw = null, resize = null, proxy = null;
            // Connected before the process starts, so none of its output is missed; between the runtime's create and
            // the start when this client starts it (InitAndStartAsync).
            async Task ConnectAsync(Container target)
            {
                // Output only: connected and copied on this thread (ConnectOutput), no socket event thread is started.
                session = request.Stdin
                    ? await AttachSession.ConnectAsync(service.AttachSocketPath(target), cancellationToken).ConfigureAwait(false)
                    : AttachSession.ConnectOutput(service.AttachSocketPath(target));
                // podman: a terminal on our side goes raw whenever the container has one, -i or not.
                raw = target.Config.Terminal ? TerminalRawMode.Enter(0) : null;
                resize = target.Config.Terminal ? WindowResizer.Start(service.ControlFifoPath(target)) : null;
                proxy = request.SigProxy && !target.Config.Terminal ? SignalForwarding.Begin(service, target) : null;
            }

            try
            {
                if (request.Start)
                {
                    c = await service.InitAndStartAsync(c, ConnectAsync, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await ConnectAsync(c).ConfigureAwait(false);
                }

                var stdout = request.Stdout ? StandardStreams.Output() : Stream.Null;
                var stderr = request.Stderr ? StandardStreams.Error() : Stream.Null;
                if (!request.Stdin)
                {
                    // Nothing to detach from without stdin: the output is copied here until conmon closes the socket
                    // (the container's streams ended); the exit file is waited for below, once the signal forwarding
                    // and the terminal's raw mode are over. Neither wait needs a thread of its own.
                    session!.CopyOutput(stdout, stderr, cancellationToken);
                }
                else
                {
                    // Watched from the start on (not before: this costs nothing while the process runs): the look after
                    // the watch is in place finds an exit that came first, and init removed any earlier exit file.
                    exited = ExitFile.WaitAsync(service.Paths.ExitDir, c.Id, watching.Token);
                    var outcome = await session!.RunAsync(StandardStreams.Input(), stdout, stderr, keys, cancellationToken).ConfigureAwait(false);
                    if (outcome == AttachOutcome.Detached)
                    {
                        return 0;
                    }
                }
            }
            finally
            {
                proxy?.Dispose();
                resize?.Dispose();
                raw?.Dispose();
                if (session is not null)
                {
                    await session.DisposeAsync().ConfigureAwait(false);
                }
            }

            // Without stdin, waited for here (init removed any earlier exit file): Ctrl-C ends this wait as any other.
            code = exited is null ? ExitFile.Wait(service.Paths.ExitDir, c.Id, cancellationToken) : await exited.ConfigureAwait(false);
        }
        finally
        {
            if (exited is { IsCompleted: false })
            {
                await watching.CancelAsync().ConfigureAwait(false);
                try
                {
                    await exited.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // the watch ended with the session (detach or failure)
                }
            }
        }

        return await FinishAsync(service, c, code, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>After the exit: cleanup (and --rm) by this process, as podman's attached run does; the exit code back.</summary>
    private static async Task<int> FinishAsync(ContainerService service, Container c, int code, CancellationToken cancellationToken)
    {
        var conmonPid = c.State.ConmonPid;
        var after = await service.CleanupAsync(c, remove: c.Config.AutoRemove, cancellationToken).ConfigureAwait(false);
        if (after is null)
        {
            File.Delete(service.Paths.ExitFile(c.Id));
        }

        // Done here: conmon's delayed exit command would only find that out (the delay is for a client that is gone).
        ContainerService.DropDelayedExitCommand(conmonPid);

        return code;
    }

    /// <summary>Sends the terminal's size to conmon now and on every SIGWINCH.</summary>
    private sealed class WindowResizer : IDisposable
    {
        private readonly PosixSignalRegistration registration;

        private WindowResizer(PosixSignalRegistration registration) => this.registration = registration;

        public static WindowResizer? Start(string ctlFifo)
        {
            if (!Terminal.IsTerminal(0) && !Terminal.IsTerminal(1))
            {
                return null;
            }

            void Send()
            {
                if ((Terminal.Size(0) ?? Terminal.Size(1)) is { } size)
                {
                    try
                    {
                        ConsoleControl.Resize(ctlFifo, size.Rows, size.Columns);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        // The container is gone: nothing to resize.
                    }
                }
            }

            Send();
            return new WindowResizer(PosixSignalRegistration.Create(PosixSignal.SIGWINCH, context =>
            {
                context.Cancel = true;
                Send();
            }));
        }

        public void Dispose() => registration.Dispose();
    }
}
