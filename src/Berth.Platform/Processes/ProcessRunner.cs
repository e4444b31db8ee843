using System.Diagnostics;

namespace Berth.Platform.Processes;

/// <summary>The outcome of a helper program run to completion.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>Runs helper programs (runc --version, dpkg -S, …) and collects their output.</summary>
public static class ProcessRunner
{
    public static Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(fileName, arguments, standardInput: null, timeout, cancellationToken);

    /// <summary>Runs the program with <paramref name="standardInput"/> written to its stdin (then closed).</summary>
    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, string? standardInput, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)
            ?? throw BerthException.Unavailable($"cannot start {fileName}");
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        process.StandardInput.Close();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            return new ProcessResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw BerthException.Unavailable($"{fileName} did not finish within {timeout.TotalSeconds:0} seconds");
        }
    }

    /// <summary>The trimmed standard output of a successful run, or empty when the program fails or cannot start.</summary>
    public static async Task<string> TryOutputAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        try
        {
            var r = await RunAsync(fileName, arguments, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            return r.ExitCode == 0 ? r.StandardOutput.Trim() : "";
        }
        catch (Exception e) when (e is BerthException or System.ComponentModel.Win32Exception or IOException)
        {
            return "";
        }
    }
}
