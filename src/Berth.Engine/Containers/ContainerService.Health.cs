using System.Diagnostics;
using Berth.Runtime.Conmon;

namespace Berth.Engine.Containers;

/// <summary>One healthcheck run: whether the check passed, and the container's health afterwards.</summary>
public sealed record HealthcheckOutcome(bool Passed, HealthState Health);

public sealed partial class ContainerService
{
    /// <summary>
    /// <c>healthcheck run</c> (podman's HealthCheck): runs the container's check as an exec session, records the result
    /// in the state's Health and returns it. A check that runs longer than its timeout is killed and counts as a failure
    /// (exit code -1), and the timeout is then reported as an error after it has been recorded, as podman does.
    /// </summary>
    public async Task<HealthcheckOutcome> RunHealthcheckAsync(string nameOrId, CancellationToken cancellationToken)
    {
        Container c;
        try
        {
            c = Find(nameOrId);
        }
        catch (BerthException e)
        {
            throw new BerthException(e.Kind, $"unable to look up {nameOrId} to perform a health check: {e.Message}", e);
        }

        if (c.State.Status != ContainerStatus.Running)
        {
            throw new BerthException(ErrorKind.InvalidState, $"container {c.Id} is not running");
        }

        var command = HealthcheckRules.Command(c.Config.Healthcheck)
            ?? throw new BerthException(ErrorKind.InvalidArgument, $"container {c.Id} has no defined healthcheck");
        var config = c.Config.Healthcheck!;
        var timeout = TimeSpan.FromTicks(config.Timeout / 100);
        var output = new MemoryStream();
        var start = DateTimeOffset.UtcNow;
        int returnCode;
        var passed = false;
        BerthException? error = null;
        try
        {
            var session = await ExecAsync(c, new ExecRequest { Command = command }, cancellationToken).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                int? exit;
                try
                {
                    exit = await WaitWithTimeoutAsync(session, output, timeout, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    await RemoveExecSessionAsync(c.Id, session.Id, CancellationToken.None).ConfigureAwait(false);
                }

                passed = exit == 0;
                returnCode = exit switch
                {
                    null => -1,
                    0 => 0,
                    _ => 1,
                };
                if (exit is null)
                {
                    error = new BerthException(ErrorKind.Unavailable, $"healthcheck command exceeded timeout of {HealthcheckRules.GoDuration(config.Timeout)}");
                }
            }
        }
        catch (ContainerCommandException)
        {
            // The runtime could not start the command (not found, not executable): a failed check, not an error.
            returnCode = 1;
        }
        catch (BerthException e)
        {
            returnCode = 125;
            error = e;
        }

        var end = DateTimeOffset.UtcNow;
        var inStartPeriod = config.StartPeriod > 0 && start < c.State.StartedAt.AddTicks(config.StartPeriod / 100);
        var entry = new HealthLogEntry(start, end, returnCode, HealthcheckRules.Output(System.Text.Encoding.UTF8.GetString(output.ToArray())));
        HealthState health;
        using (await LockAsync(c.Id, cancellationToken).ConfigureAwait(false))
        {
            var now = Reload(c);
            health = HealthcheckRules.Record(now.State.Health, entry, inStartPeriod, config.Retries);
            SaveLocked(now, now.State with { Health = health });
        }

        return error is not null ? throw error : new HealthcheckOutcome(passed, health);
    }

    /// <summary>
    /// The loop of the helper a container's start leaves behind (<c>berth healthcheck timer ID</c>): every interval it
    /// runs the check, and it ends as soon as the container stops (conmon's exit file appears), is removed, or was
    /// started again (the new start has its own helper). See docs/healthchecks.md.
    /// </summary>
    public async Task RunHealthcheckTimerAsync(string id, CancellationToken cancellationToken)
    {
        var c = TryFind(id);
        if (c is null || !c.IsRunning || !HealthcheckRules.IsDefined(c.Config.Healthcheck) || c.Config.Healthcheck!.Interval <= 0)
        {
            return;
        }

        var startedAt = c.State.StartedAt;
        var interval = TimeSpan.FromTicks(c.Config.Healthcheck.Interval / 100);
        while (true)
        {
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var exited = ExitFile.WaitAsync(Paths.ExitDir, id, stop.Token);
                await Task.WhenAny(exited, Task.Delay(interval, cancellationToken)).ConfigureAwait(false);
                await stop.CancelAsync().ConfigureAwait(false);
                _ = exited.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }

            cancellationToken.ThrowIfCancellationRequested();
            c = TryFind(id);
            if (c is null || c.State.StartedAt != startedAt || !(c.IsRunning || c.State.Status == ContainerStatus.Paused))
            {
                return;
            }

            if (c.State.Status == ContainerStatus.Paused)
            {
                continue;
            }

            try
            {
                await RunHealthcheckAsync(id, cancellationToken).ConfigureAwait(false);
            }
            catch (BerthException)
            {
                // recorded (timeout) or the container went away meanwhile: the next round decides
            }
        }
    }

    /// <summary>A started container's health becomes "starting"; with an interval, the timer helper is left running.</summary>
    private Container StartHealthcheck(Container c)
    {
        if (!HealthcheckRules.IsDefined(c.Config.Healthcheck))
        {
            return c;
        }

        c = SaveLocked(c, c.State with { Health = (c.State.Health ?? new HealthState()) with { Status = HealthStatus.Starting } });
        if (c.Config.Healthcheck!.Interval > 0 && Environment.GetEnvironmentVariable("BERTH_DISABLE_HEALTHCHECK_TIMER") != "true")
        {
            HealthcheckTimer.Start([.. BerthCommandPrefix(), "healthcheck", "timer", c.Id]);
        }

        return c;
    }

    /// <summary>Copies the session's output until it ends; its exit code, or null when it ran over the timeout and was killed.</summary>
    private static readonly TimeSpan KilledCheckGrace = TimeSpan.FromSeconds(3);

    private static async Task<int?> WaitWithTimeoutAsync(ExecSession session, Stream output, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        var copy = session.Started.Attach is { } attach
            ? attach.RunAsync(null, output, output, ReadOnlyMemory<byte>.Empty, timer.Token)
            : Task.FromResult(AttachOutcome.Ended);
        try
        {
            await copy.ConfigureAwait(false);
            return await session.Started.WaitAsync(timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                // The whole tree: a shell that forked its command must not leave the command holding the session open.
                using var process = Process.GetProcessById(session.Started.Pid);
                process.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or AggregateException)
            {
                // ended at the same moment
            }

            // conmon reports the killed process's end; should that report not come, the check has still timed out.
            using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            grace.CancelAfter(KilledCheckGrace);
            try
            {
                await session.Started.WaitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            return null;
        }
    }
}
