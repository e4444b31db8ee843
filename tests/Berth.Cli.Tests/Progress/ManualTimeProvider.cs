namespace Berth.Cli.Tests.Progress;

/// <summary>A clock that moves only when the test says so; its timers fire inside <see cref="Advance"/>, on the test's thread.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly List<ManualTimer> timers = [];
    private long now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Timers created and not yet disposed.</summary>
    public int ActiveTimers => timers.Count(t => !t.Disposed);

    public override long GetTimestamp() => now;

    public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(now);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(callback, state, now + dueTime.Ticks, period.Ticks);
        timers.Add(timer);
        return timer;
    }

    /// <summary>Moves the clock, firing every timer that falls due on the way, at its due time.</summary>
    public void Advance(TimeSpan by)
    {
        var target = now + by.Ticks;
        while (timers.Where(t => !t.Disposed && t.Due <= target).MinBy(t => t.Due) is { } next)
        {
            now = next.Due;
            next.Due = next.Period > 0 ? next.Due + next.Period : long.MaxValue;
            next.Fire();
        }

        now = target;
    }

    private sealed class ManualTimer(TimerCallback callback, object? state, long due, long period) : ITimer
    {
        public long Due { get; set; } = due;

        public long Period { get; } = period;

        public bool Disposed { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period) => throw new NotSupportedException("the progress view never changes its timer");

        public void Dispose() => Disposed = true;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
