namespace Berth.Registry;

/// <summary>How the registry client behaves; one instance is shared by all endpoints of a <see cref="RegistryClientFactory"/>.</summary>
public sealed record RegistryClientOptions
{
    /// <summary>Largest manifest accepted (containers/image's limit): 4 MiB.</summary>
    public const int MaxManifestSize = 4 * 1024 * 1024;

    /// <summary>Where credentials come from; anonymous by default.</summary>
    public ICredentialSource Credentials { get; init; } = StaticCredentialSource.Anonymous;

    /// <summary>certs.d roots in lookup order (<see cref="CertsDirectories.Defaults"/>); none by default.</summary>
    public IReadOnlyList<string> CertsDirectories { get; init; } = [];

    /// <summary>Attempts per request for transient failures (connection faults, timeouts, 5xx, 429).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Delay before the first retry; doubled for each further one.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest <c>Retry-After</c> obeyed; longer ones are shortened to this.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for response headers per attempt of a request without a body (uploads and body transfers have no overall limit).</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>TCP + TLS connect timeout.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Blobs larger than this are uploaded in chunks (PATCH) instead of one PUT.</summary>
    public long ChunkedUploadThreshold { get; init; } = 64L * 1024 * 1024;

    /// <summary>Size of each PATCH of a chunked upload.</summary>
    public int UploadChunkSize { get; init; } = 16 * 1024 * 1024;

    /// <summary>Sent as <c>User-Agent</c>.</summary>
    public string UserAgent { get; init; } = "berth";

    /// <summary>Clock for token expiry and Retry-After dates.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Test seam: replaces the socket handler at the bottom of the pipeline.</summary>
    internal Func<RegistryEndpoint, HttpMessageHandler>? PrimaryHandlerFactory { get; init; }
}
