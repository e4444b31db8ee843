using System.Text.Json;
using Berth.Oci;
using Berth.Platform.Locking;
using Berth.Platform.Processes;

namespace Berth.Network.Netavark;

/// <summary>
/// Where netavark and aardvark-dns are, where netavark keeps its run state (aardvark configs), and the network config
/// directory whose <c>netavark.lock</c> podman holds around its own netavark calls.
/// </summary>
public sealed record NetavarkPaths(string Netavark, string AardvarkDns, string RunDirectory, string? ConfigDirectory = null);

/// <summary>
/// Applies Berth's network decisions through <c>netavark setup|teardown &lt;netns&gt;</c> (bridges, veth pairs, addresses,
/// firewall and port forwarding rules; aardvark-dns for networks with DNS), as podman's netavark backend does.
/// </summary>
public sealed class NetavarkBackend(NetavarkPaths paths)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public NetavarkPaths Paths => paths;

    /// <summary>Configures the namespace; returns netavark's status per network.</summary>
    public async Task<IReadOnlyDictionary<string, NetworkStatus>> SetupAsync(string netns, NetavarkRequest request, CancellationToken cancellationToken)
    {
        var output = await RunAsync("setup", netns, request, cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(output, NetworkJsonContext.Default.DictionaryStringNetworkStatus)
                ?? throw new JsonException("empty answer");
        }
        catch (JsonException e)
        {
            throw new BerthException(ErrorKind.Internal, $"netavark: unexpected answer to setup ({e.Message}): {output.Trim()}");
        }
    }

    /// <summary>Removes what setup made (interfaces, rules, DNS entries).</summary>
    public async Task TeardownAsync(string netns, NetavarkRequest request, CancellationToken cancellationToken) =>
        await RunAsync("teardown", netns, request, cancellationToken).ConfigureAwait(false);

    private async Task<string> RunAsync(string verb, string netns, NetavarkRequest request, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(paths.RunDirectory);
        string[] args = ["--config", paths.RunDirectory, "--rootless=false", "--aardvark-binary=" + paths.AardvarkDns, verb, netns];
        var input = JsonSerializer.Serialize(request, NetworkJsonContext.Default.NetavarkRequest);
        ProcessResult result;
        // netavark does not lock the firewall itself (two setups at once fail with "Chain already exists"): every call is
        // serialised by a machine-wide lock in the run directory, and by podman's lock in the config directory so that
        // podman's calls do not interleave either.
        using var machineLock = await FileLock.AcquireAsync(Path.Combine(paths.RunDirectory, "berth-netavark.lock"), LockMode.Exclusive, cancellationToken).ConfigureAwait(false);
        using var podmanLock = paths.ConfigDirectory is { } configDir && Directory.Exists(configDir)
            ? await FileLock.AcquireAsync(Path.Combine(configDir, "netavark.lock"), LockMode.Exclusive, cancellationToken).ConfigureAwait(false)
            : null;
        try
        {
            result = await ProcessRunner.RunAsync(paths.Netavark, args, input, Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw BerthException.Unavailable($"cannot run netavark ({paths.Netavark}): {e.Message}: install the netavark package");
        }

        if (result.ExitCode != 0)
        {
            throw new BerthException(ErrorKind.Internal, "netavark: " + ErrorText(result));
        }

        return result.StandardOutput;
    }

    /// <summary>netavark reports failures as <c>{"error": "…"}</c> on stdout; older builds write plain text to stderr.</summary>
    internal static string ErrorText(ProcessResult result)
    {
        var stdout = result.StandardOutput.Trim();
        if (stdout.StartsWith('{'))
        {
            try
            {
                if (JsonSerializer.Deserialize(stdout, NetworkJsonContext.Default.NetavarkError)?.Error is { Length: > 0 } message)
                {
                    return message;
                }
            }
            catch (JsonException)
            {
            }
        }

        var stderr = string.Join(' ', result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("failed to connect to syslog", StringComparison.Ordinal)));
        return stderr.Length > 0 ? stderr : stdout.Length > 0 ? stdout : $"exit status {result.ExitCode}";
    }
}
