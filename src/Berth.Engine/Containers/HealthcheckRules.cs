using System.Globalization;
using System.Text;

namespace Berth.Engine.Containers;

/// <summary>The health states inspect and ps show.</summary>
public static class HealthStatus
{
    public const string Starting = "starting";
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";
}

/// <summary>
/// podman 4.3.1's healthcheck rules (libpod/healthcheck.go), as pure functions: which command a test runs, how a
/// result changes the recorded health, and how the output and the timeout are written.
/// </summary>
public static class HealthcheckRules
{
    /// <summary>podman's MaxHealthCheckNumberLogs.</summary>
    public const int MaxLogEntries = 5;

    /// <summary>podman's MaxHealthCheckLogLength (characters of output kept per result).</summary>
    public const int MaxOutputLength = 500;

    /// <summary>True when the container has a check to run (a test other than NONE).</summary>
    public static bool IsDefined(HealthcheckConfig? config) => Command(config) is not null;

    /// <summary>
    /// The argv a test runs: <c>CMD</c> → the rest; <c>CMD-SHELL</c> → <c>/bin/sh -c "rest joined by spaces"</c>;
    /// anything else as it is; null for none (empty, "" or NONE).
    /// </summary>
    public static IReadOnlyList<string>? Command(HealthcheckConfig? config)
    {
        var test = config?.Test ?? [];
        if (test.Count == 0)
        {
            return null;
        }

        IReadOnlyList<string> command = test[0] switch
        {
            "" or "NONE" => [],
            "CMD" => [.. test.Skip(1)],
            "CMD-SHELL" => ["/bin/sh", "-c", string.Join(' ', test.Skip(1))],
            _ => test,
        };
        return command.Count == 0 || command[0].Length == 0 ? null : command;
    }

    /// <summary>
    /// The health after one result (podman's updateHealthCheckLog): exit code 0 makes it healthy and resets the
    /// failing streak; a failure outside the start period adds to the streak and, at <paramref name="retries"/>,
    /// makes it unhealthy; the log keeps the last <see cref="MaxLogEntries"/> results.
    /// </summary>
    public static HealthState Record(HealthState? current, HealthLogEntry result, bool inStartPeriod, int retries)
    {
        var health = current ?? new HealthState { Status = "" };
        if (result.ExitCode == 0)
        {
            health = health with { Status = HealthStatus.Healthy, FailingStreak = 0 };
        }
        else
        {
            if (health.Status.Length == 0)
            {
                // podman: a container whose log file did not exist yet counts as healthy before the streak.
                health = health with { Status = HealthStatus.Healthy };
            }

            if (!inStartPeriod)
            {
                var streak = health.FailingStreak + 1;
                health = health with { FailingStreak = streak, Status = streak >= retries ? HealthStatus.Unhealthy : health.Status };
            }
        }

        var log = health.Log.Append(result);
        return health with { Log = [.. log.Skip(Math.Max(0, health.Log.Count + 1 - MaxLogEntries))] };
    }

    /// <summary>The output as podman keeps it: lines without their ends, joined by "\n", cut at <see cref="MaxOutputLength"/>.</summary>
    public static string Output(string raw)
    {
        var lines = raw.Split('\n');
        var count = raw.EndsWith('\n') ? lines.Length - 1 : lines.Length;
        var text = string.Join('\n', lines.Take(count).Select(l => l.EndsWith('\r') ? l[..^1] : l));
        return text.Length > MaxOutputLength ? text[..MaxOutputLength] : text;
    }

    /// <summary>Go's time.Duration.String() of <paramref name="nanoseconds"/> ("30s", "1m30s", "500ms", "1.5s").</summary>
    public static string GoDuration(long nanoseconds)
    {
        if (nanoseconds == 0)
        {
            return "0s";
        }

        var negative = nanoseconds < 0;
        var u = negative ? (ulong)(-nanoseconds) : (ulong)nanoseconds;
        var sb = new StringBuilder();
        if (u < 1_000_000_000)
        {
            var (unit, scale) = u < 1_000 ? ("ns", 1UL) : u < 1_000_000 ? ("µs", 1_000UL) : ("ms", 1_000_000UL);
            sb.Append(Fraction(u, scale)).Append(unit);
        }
        else
        {
            var hours = u / 3_600_000_000_000;
            var minutes = u / 60_000_000_000 % 60;
            var seconds = u % 60_000_000_000;
            if (hours > 0)
            {
                sb.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
            }

            if (hours > 0 || minutes > 0)
            {
                sb.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
            }

            sb.Append(Fraction(seconds, 1_000_000_000)).Append('s');
        }

        return (negative ? "-" : "") + sb;
    }

    private static string Fraction(ulong value, ulong scale)
    {
        var whole = (value / scale).ToString(CultureInfo.InvariantCulture);
        var rest = value % scale;
        if (rest == 0)
        {
            return whole;
        }

        var digits = scale.ToString(CultureInfo.InvariantCulture).Length - 1;
        return whole + "." + rest.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
    }
}
