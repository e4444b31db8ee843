using System.Diagnostics;

namespace Berth.E2E.Tests;

/// <summary>The result of one run of the built binary.</summary>
public sealed record RunResult(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs the built <c>berth</c> binary as a user would. The binary comes from BERTH_BINARY (make test sets it),
/// else artifacts/bin/berth above the test directory; a missing binary fails every test, it never skips them.
/// </summary>
public static class BerthRunner
{
    public static string Binary { get; } = FindBinary();

    public static RunResult Run(params string[] args) => RunAs(Binary, null, args);

    public static RunResult RunWithEnv(IReadOnlyDictionary<string, string?> env, params string[] args) => RunAs(Binary, env, args);

    public static RunResult RunAs(string executable, IReadOnlyDictionary<string, string?>? env, params string[] args) =>
        RunWithInput(executable, env, null, args);

    /// <summary>Runs with <paramref name="stdin"/> written to standard input (then closed).</summary>
    public static RunResult RunWithInput(string executable, IReadOnlyDictionary<string, string?>? env, string? stdin, params string[] args)
    {
        var start = new ProcessStartInfo(executable)
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

        foreach (var (k, v) in env ?? new Dictionary<string, string?>())
        {
            if (v is null)
            {
                start.Environment.Remove(k);
            }
            else
            {
                start.Environment[k] = v;
            }
        }

        using var p = Process.Start(start)!;
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
        }

        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(180_000))
        {
            p.Kill(true);
            throw new TimeoutException($"berth {string.Join(' ', args)} did not finish in 180 s");
        }

        return new RunResult(p.ExitCode, stdout.Result, stderr.Result);
    }

    private static string FindBinary()
    {
        var fromEnv = Environment.GetEnvironmentVariable("BERTH_BINARY");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return File.Exists(fromEnv) ? fromEnv : throw new FileNotFoundException($"BERTH_BINARY={fromEnv} does not exist; run 'make build'");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "artifacts", "bin", "berth");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("the berth binary was not found: run 'make build' (or set BERTH_BINARY)");
    }
}

/// <summary>A temporary directory removed after the test.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "berth-e2e-" + Guid.NewGuid().ToString("N")[..12]);

    public string Write(string relative, string content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
