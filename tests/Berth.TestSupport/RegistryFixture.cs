using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Berth.Oci;

namespace Berth.TestSupport;

/// <summary>How to start a <see cref="RegistryFixture"/>.</summary>
public sealed record RegistryFixtureOptions
{
    /// <summary>With both set, the registry requires htpasswd (Basic) authentication for this user.</summary>
    public string? Username { get; init; }

    /// <summary>The user's password.</summary>
    public string? Password { get; init; }

    /// <summary>Serve HTTPS with a certificate from a fresh test CA (<see cref="RegistryFixture.CaCertificatePath"/>).</summary>
    public bool Tls { get; init; }

    /// <summary>The registry program; Debian's <c>docker-registry</c> by default.</summary>
    public string Program { get; init; } = "/usr/bin/docker-registry";

    /// <summary>How long to wait for <c>/v2/</c> to answer.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// A real distribution registry (<c>docker-registry</c>, distribution 2.8) on a free <c>127.0.0.1</c> port, with
/// filesystem storage in a temp directory and manifest deletes enabled, optionally with htpasswd authentication
/// and/or TLS. <see cref="StartAsync"/> returns once <c>/v2/</c> answers; <see cref="DisposeAsync"/> kills the
/// process and removes the directory. Processes still running when the test host exits are killed then.
/// </summary>
/// <example>
/// <code>
/// await using var registry = await RegistryFixture.StartAsync(new() { Username = "alice", Password = "secret" });
/// await image.PushRawAsync(registry, "test/busybox", "latest");
/// </code>
/// </example>
public sealed class RegistryFixture : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<int, Process> Running = new();
    private readonly Process _process;
    private readonly StringBuilder _log;

    static RegistryFixture() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

    private RegistryFixture(string directory, int port, RegistryFixtureOptions options, TestCertificates? certificates, Process process, StringBuilder log)
    {
        Directory = directory;
        Port = port;
        Options = options;
        Certificates = certificates;
        _process = process;
        _log = log;
    }

    /// <summary>The options it was started with.</summary>
    public RegistryFixtureOptions Options { get; }

    /// <summary>The TCP port.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:PORT</c>: the registry part of image references.</summary>
    public string Host => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary><c>http(s)://127.0.0.1:PORT/</c>.</summary>
    public Uri Url => new($"{(Options.Tls ? "https" : "http")}://{Host}/");

    /// <summary>Whether clients must authenticate.</summary>
    public bool RequiresAuthentication => Options.Username is not null && Options.Password is not null;

    /// <summary>The test CA's certificate (PEM) when <see cref="RegistryFixtureOptions.Tls"/> is set, else null.</summary>
    public string? CaCertificatePath => Certificates?.CaCertificatePath;

    /// <summary>The TLS material, or null.</summary>
    public TestCertificates? Certificates { get; }

    /// <summary>The fixture's temp directory (config, htpasswd, certificates, storage).</summary>
    public string Directory { get; }

    /// <summary>The registry's storage root (<c>rootdirectory</c>).</summary>
    public string StorageDirectory => Path.Combine(Directory, "storage");

    /// <summary>What the registry printed (errors only; access logs are off).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Where the registry keeps a blob's bytes (to corrupt it in tests).</summary>
    public string BlobPath(Digest digest) =>
        Path.Combine(StorageDirectory, "docker", "registry", "v2", "blobs", digest.Algorithm, digest.Encoded[..2], digest.Encoded, "data");

    /// <summary>Starts a registry; fails with the registry's output when it does not come up.</summary>
    public static async Task<RegistryFixture> StartAsync(RegistryFixtureOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RegistryFixtureOptions();
        if ((options.Username is null) != (options.Password is null))
        {
            throw new ArgumentException("set both Username and Password, or neither", nameof(options));
        }

        var directory = Path.Combine(Path.GetTempPath(), "berth-registry-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        try
        {
            var certificates = options.Tls ? TestCertificates.Create(Path.Combine(directory, "tls")) : null;
            string? htpasswd = null;
            if (options.Username is { } user)
            {
                htpasswd = Path.Combine(directory, "htpasswd");
                await File.WriteAllTextAsync(htpasswd, await HtpasswdLineAsync(user, options.Password!, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }

            // A port taken between probing and binding makes the registry exit; try a few ports.
            for (var attempt = 1; ; attempt++)
            {
                var port = FreePort();
                var config = Path.Combine(directory, "config.yml");
                await File.WriteAllTextAsync(config, Config(directory, port, certificates, htpasswd), cancellationToken).ConfigureAwait(false);
                var log = new StringBuilder();
                var process = Launch(options.Program, config, log);
                var fixture = new RegistryFixture(directory, port, options, certificates, process, log);
                try
                {
                    await fixture.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
                    return fixture;
                }
                catch (Exception) when (attempt < 3 && process.HasExited)
                {
                    fixture.Kill();
                }
                catch
                {
                    fixture.Kill();
                    throw;
                }
            }
        }
        catch
        {
            TryDelete(directory);
            throw;
        }
    }

    /// <summary>An <see cref="HttpClient"/> for the registry: base address <see cref="Url"/>, the test CA trusted, Basic credentials when the registry needs them.</summary>
    public HttpClient CreateHttpClient()
    {
        HttpMessageHandler handler = Certificates?.CreateTrustingHandler() ?? new SocketsHttpHandler();
        var client = new HttpClient(handler) { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(60) };
        if (RequiresAuthentication)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Options.Username + ":" + Options.Password)));
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _process.Dispose();
        TryDelete(Directory);
    }

    private void Kill()
    {
        Running.TryRemove(_process.Id, out _);
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var client = CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = null;
        client.Timeout = TimeSpan.FromSeconds(2);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited with code {_process.ExitCode} before answering on {Host}:\n{Log}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("v2/", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            if (deadline.Elapsed > Options.StartTimeout)
            {
                throw new TimeoutException($"docker-registry did not answer on {Host} within {Options.StartTimeout.TotalSeconds} s:\n{Log}");
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Process Launch(string program, string config, StringBuilder log)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(config);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("REGISTRY_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        var process = new Process { StartInfo = start };
        DataReceivedEventHandler append = (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (log)
                {
                    log.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += append;
        process.ErrorDataReceived += append;
        process.Start();
        Running[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string Config(string directory, int port, TestCertificates? certificates, string? htpasswd)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("version: 0.1");
        yaml.AppendLine("log:");
        yaml.AppendLine("  level: error");
        yaml.AppendLine("  accesslog:");
        yaml.AppendLine("    disabled: true");
        yaml.AppendLine("storage:");
        yaml.AppendLine("  filesystem:");
        yaml.AppendLine($"    rootdirectory: {Path.Combine(directory, "storage")}");
        yaml.AppendLine("  delete:");
        yaml.AppendLine("    enabled: true");
        yaml.AppendLine("  maintenance:");
        yaml.AppendLine("    uploadpurging:");
        yaml.AppendLine("      enabled: false");
        yaml.AppendLine("http:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  addr: 127.0.0.1:{port}");
        yaml.AppendLine("  secret: berth-test-secret");
        if (certificates is not null)
        {
            yaml.AppendLine("  tls:");
            yaml.AppendLine($"    certificate: {certificates.ServerCertificatePath}");
            yaml.AppendLine($"    key: {certificates.ServerKeyPath}");
        }

        if (htpasswd is not null)
        {
            yaml.AppendLine("auth:");
            yaml.AppendLine("  htpasswd:");
            yaml.AppendLine("    realm: berth-test");
            yaml.AppendLine($"    path: {htpasswd}");
        }

        return yaml.ToString();
    }

    private static async Task<string> HtpasswdLineAsync(string user, string password, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("htpasswd") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-Bbn", user, password })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        var error = await process.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"htpasswd failed ({process.ExitCode}): {error} (install apache2-utils)");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void KillAll()
    {
        foreach (var process in Running.Values)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
