using System.Diagnostics;
using System.Text.Json;

namespace Berth.E2E.Tests;

/// <summary>healthcheck run and the scheduled checks (the detached timer helper), against real conmon/runc.</summary>
public sealed class HealthcheckTests : IDisposable
{
    private readonly ContainerStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public void HealthcheckRun_PassingCheck_PrintsNothingAndRecordsHealthy()
    {
        // interval 0: no timer, only the runs asked for.
        var id = _store.RunDetached("--health-cmd", "echo checked; echo more", "--health-interval", "0", ContainerStore.Image, "sleep", "1000");
        Assert.Equal("starting", Health(id).GetProperty("Status").GetString());

        var r = _store.Berth("healthcheck", "run", id);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("", r.Stdout);
        var health = Health(id);
        Assert.Equal("healthy", health.GetProperty("Status").GetString());
        Assert.Equal(0, health.GetProperty("FailingStreak").GetInt32());
        var entry = Assert.Single(health.GetProperty("Log").EnumerateArray());
        Assert.Equal(0, entry.GetProperty("ExitCode").GetInt32());
        Assert.Equal("checked\nmore", entry.GetProperty("Output").GetString());
        Assert.True(entry.GetProperty("End").GetDateTimeOffset() >= entry.GetProperty("Start").GetDateTimeOffset());
    }

    [Fact]
    public void HealthcheckRun_FailingCheck_PrintsUnhealthyAndCountsToRetries()
    {
        var id = _store.RunDetached("--health-cmd", "[\"CMD\",\"false\"]", "--health-retries", "2", "--health-interval", "0", ContainerStore.Image, "sleep", "1000");
        var first = _store.Berth("healthcheck", "run", id);
        Assert.Equal(1, first.ExitCode);
        Assert.Equal("unhealthy\n", first.Stdout);
        Assert.Equal("starting", Health(id).GetProperty("Status").GetString());
        Assert.Equal(1, Health(id).GetProperty("FailingStreak").GetInt32());

        Assert.Equal(1, _store.Berth("healthcheck", "run", id).ExitCode);
        Assert.Equal("unhealthy", Health(id).GetProperty("Status").GetString());
        Assert.Equal(2, Health(id).GetProperty("FailingStreak").GetInt32());

        for (var i = 0; i < 4; i++)
        {
            _store.Berth("healthcheck", "run", id);
        }

        Assert.Equal(5, Health(id).GetProperty("Log").GetArrayLength());
        Assert.Equal(6, Health(id).GetProperty("FailingStreak").GetInt32());
    }

    [Fact]
    public void HealthcheckRun_StartPeriodFailuresDoNotCount_TimeoutKillsAndFails()
    {
        var id = _store.RunDetached("--health-cmd", "sleep 61", "--health-timeout", "1s", "--health-start-period", "1h", "--health-interval", "0", ContainerStore.Image, "sleep", "1000");
        var watch = Stopwatch.StartNew();
        var r = _store.Berth("healthcheck", "run", id);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"the check was not killed at its timeout ({watch.Elapsed})");
        Assert.Equal(125, r.ExitCode);
        Assert.Equal("Error: healthcheck command exceeded timeout of 1s\n", r.Stderr);
        var health = Health(id);
        Assert.Equal(-1, health.GetProperty("Log")[0].GetProperty("ExitCode").GetInt32());
        Assert.Equal(0, health.GetProperty("FailingStreak").GetInt32());
        Assert.Equal("starting", health.GetProperty("Status").GetString());
        Assert.Null(FindProcess(argv => argv is ["sleep", "61"]));
    }

    [Fact]
    public void HealthcheckRun_Errors_AsPodman()
    {
        var plain = _store.RunDetached(ContainerStore.Image, "sleep", "1000");
        var none = _store.Berth("healthcheck", "run", plain);
        Assert.Equal(125, none.ExitCode);
        Assert.Equal($"Error: container {plain} has no defined healthcheck\n", none.Stderr);

        var created = _store.Berth("create", "--health-cmd", "true", ContainerStore.Image, "sleep", "10").Stdout.Trim();
        var stopped = _store.Berth("healthcheck", "run", created);
        Assert.Equal(125, stopped.ExitCode);
        Assert.Equal($"Error: container {created} is not running\n", stopped.Stderr);

        var missing = _store.Berth("healthcheck", "run", "nosuch");
        Assert.Equal("Error: unable to look up nosuch to perform a health check: no container with name or ID \"nosuch\" found: no such container\n", missing.Stderr);
    }

    [Fact]
    public void ScheduledCheck_TurnsHealthyWithoutAnyCommand_AndTimerEndsWithContainer()
    {
        var id = _store.RunDetached("--health-cmd", "true", "--health-interval", "1s", ContainerStore.Image, "sleep", "1000");
        WaitFor(() => Health(id).GetProperty("Status").GetString() == "healthy", "healthy");
        Assert.NotNull(TimerPid(id));

        Assert.Equal(0, _store.Berth("stop", "-t", "0", id).ExitCode);
        WaitFor(() => TimerPid(id) is null, "the timer helper to end");
    }

    [Fact]
    public void ScheduledCheck_FailingCheck_TurnsUnhealthyAfterRetries()
    {
        var id = _store.RunDetached("--health-cmd", "false", "--health-interval", "1s", "--health-retries", "2", ContainerStore.Image, "sleep", "1000");
        WaitFor(() => Health(id).GetProperty("Status").GetString() == "unhealthy", "unhealthy");
        Assert.True(Health(id).GetProperty("FailingStreak").GetInt32() >= 2);
        Assert.Equal(0, _store.Berth("rm", "-f", "-t", "0", id).ExitCode);
        WaitFor(() => TimerPid(id) is null, "the timer helper to end");
    }

    private JsonElement Health(string id) => _store.State(id).GetProperty("Health");

    /// <summary>The pid of the helper running this container's checks (argv ends with "healthcheck timer ID").</summary>
    private static int? TimerPid(string id) =>
        FindProcess(argv => argv.Length >= 3 && argv[^1] == id && argv[^2] == "timer" && argv[^3] == "healthcheck");

    /// <summary>The pid of a host process whose argv matches.</summary>
    private static int? FindProcess(Func<string[], bool> matches)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                if (matches(File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries)))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
            }
        }

        return null;
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            Thread.Sleep(200);
        }
    }
}
