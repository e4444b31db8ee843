using Berth.Oci;

namespace Berth.Registry;

/// <summary>
/// One registry server as Berth talks to it: which name it has for credentials, certificates and messages, which
/// host it connects to, and how strictly transport security is enforced. Endpoints that are equal share one
/// connection pool (see <see cref="RegistryClientFactory"/>).
/// </summary>
/// <param name="Name">
/// The registry as references name it (<c>docker.io</c>, <c>quay.io</c>, <c>127.0.0.1:5000</c>): the auth.json key,
/// the <c>certs.d</c> directory name, the name in messages.
/// </param>
/// <param name="Host">The host[:port] connected to; differs from <paramref name="Name"/> only for docker.io (<c>registry-1.docker.io</c>).</param>
/// <param name="Insecure">
/// TLS certificates are not verified and, when HTTPS fails with a TLS or connection error, plain HTTP is tried
/// (containers/image's rule for <c>insecure = true</c> and <c>--tls-verify=false</c>).
/// </param>
/// <param name="IsMirror">Whether this is a <c>[[registry.mirror]]</c> rather than the registry itself.</param>
public sealed record RegistryEndpoint(string Name, string Host, bool Insecure = false, bool IsMirror = false)
{
    /// <summary>The host Docker Hub's registry API is served from.</summary>
    public const string DockerHubHost = "registry-1.docker.io";

    /// <summary>An endpoint for a registry name, mapping docker.io to <see cref="DockerHubHost"/>.</summary>
    public static RegistryEndpoint ForRegistry(string name, bool insecure = false, bool isMirror = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var host = name is ImageReference.DockerHub or "index.docker.io" ? DockerHubHost : name;
        return new RegistryEndpoint(name is "index.docker.io" ? ImageReference.DockerHub : name, host, insecure, isMirror);
    }

    public override string ToString() => Insecure ? $"{Name} (insecure)" : Name;
}

/// <summary>Where to find an image: the endpoint and the reference as that endpoint knows it (rewritten for mirrors and <c>location</c>).</summary>
/// <param name="Endpoint">The server.</param>
/// <param name="Reference">The fully qualified reference on that server; its <see cref="ImageReference.Path"/> is the repository.</param>
public sealed record RegistrySource(RegistryEndpoint Endpoint, ImageReference Reference)
{
    /// <summary>The repository path on <see cref="Endpoint"/>.</summary>
    public string Repository => Reference.Path;

    /// <summary>The tag or digest to ask for (digest wins; <c>latest</c> when neither is set).</summary>
    public string TagOrDigest => Reference.Digest?.ToString() ?? Reference.Tag ?? ImageReference.DefaultTag;
}
