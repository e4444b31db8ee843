using System.Diagnostics;
using System.Text;

namespace Berth.E2E.Tests;

/// <summary>
/// The built binary started in the background, for crash and concurrency tests: stdout and stderr are collected while
/// it runs, <see cref="WaitUntil"/> watches for an observable moment, <see cref="Kill"/> sends SIGKILL.
/// </summary>
public sealed class BerthProcess : IDisposable
{
    /// <summary>What .NET reports as the exit code of a process killed by SIGKILL (128 + 9).</summary>
    public const int KilledExitCode = 137;

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private BerthProcess(Process process)
    {
        _process = process;
    }

    public static BerthProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo(BerthRunner.Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        var process = new Process { StartInfo = start };
        var running = new BerthProcess(process);
        process.OutputDataReceived += (_, e) => running.Append(running._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => running.Append(running._stderr, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Sends <paramref name="signal"/> (a name kill(1) knows, e.g. "INT") to the running process.</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the process to end; whether it did.</summary>
    public bool Ended(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>Waits until <paramref name="condition"/> holds (true) or the process has exited (false).</summary>
    public bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!_process.HasExited)
        {
            if (condition())
            {
                return true;
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"berth did not reach the awaited moment in {timeout}; stderr so far:\n{Stderr}");
            }

            Thread.Sleep(1);
        }

        return false;
    }

    /// <summary>SIGKILL (when still running), then the exit code (<see cref="KilledExitCode"/> if the kill landed).</summary>
    public int Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        return WaitForExit();
    }

    /// <summary>Waits for the process and its output; the exit code.</summary>
    public int WaitForExit()
    {
        if (!_process.WaitForExit(120_000))
        {
            _process.Kill();
            throw new TimeoutException($"berth did not finish in 120 s; stderr:\n{Stderr}");
        }

        _process.WaitForExit(); // flushes the asynchronous output readers
        return _process.ExitCode;
    }

    /// <summary>Everything after exit.</summary>
    public RunResult Result()
    {
        var code = WaitForExit();
        lock (_stdout)
        {
            return new RunResult(code, _stdout.ToString(), Stderr);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (target)
        {
            target.Append(line).Append('\n');
        }
    }
}
