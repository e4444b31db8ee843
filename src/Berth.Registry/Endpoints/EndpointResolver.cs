using Berth.Config;
using Berth.Oci;

namespace Berth.Registry;

/// <summary>
/// Turns a fully qualified image reference into the endpoints to talk to, following registries.conf the way
/// containers/image does (<c>sysregistriesv2.FindRegistry</c> + <c>PullSourcesFromReference</c>).
/// </summary>
/// <remarks>
/// <para>
/// Pull: the mirrors of the matching <c>[[registry]]</c> entry first, in file order, filtered by
/// <c>mirror-by-digest-only</c> / <c>pull-from-mirror</c>, then the registry itself with the <c>prefix</c> rewritten to
/// its <c>location</c>. Push: only the <c>location</c> remap, never a mirror. A <c>blocked</c> registry is refused.
/// </para>
/// <para>
/// TLS: <paramref name="tlsVerify"/> (the <c>--tls-verify</c> flag) wins over registries.conf when set; unset, an
/// endpoint is insecure when its own entry (or mirror) says <c>insecure = true</c>. As upstream, a mirror marked
/// insecure stays insecure even with <c>--tls-verify=true</c>.
/// </para>
/// </remarks>
public sealed class EndpointResolver
{
    private readonly RegistriesConf _conf;

    /// <param name="conf">The loaded registries.conf; <see cref="RegistriesConf"/>'s default instance when there is none.</param>
    public EndpointResolver(RegistriesConf conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        _conf = conf;
    }

    /// <summary>The places to try for a pull, in order.</summary>
    /// <param name="reference">A fully qualified reference (with a domain).</param>
    /// <param name="tlsVerify">The <c>--tls-verify</c> flag: null when not given.</param>
    /// <exception cref="BerthException">InvalidArgument for a short name or a blocked registry.</exception>
    public IReadOnlyList<RegistrySource> ResolvePull(ImageReference reference, bool? tlsVerify = null)
    {
        var qualified = RequireQualified(reference);
        var text = qualified.ToString();
        var entry = _conf.FindRegistry(text);
        if (entry is null)
        {
            return [new RegistrySource(EndpointFor(qualified.Domain!, sourceInsecure: false, isMirror: false, tlsVerify), qualified)];
        }

        ThrowIfBlocked(entry, qualified.Domain!);
        var sources = new List<RegistrySource>();
        foreach (var source in entry.PullSources(text, qualified.Digest is not null))
        {
            var rewritten = ImageReference.Parse(source.Reference);
            sources.Add(new RegistrySource(EndpointFor(rewritten.Domain!, source.Insecure, source.IsMirror, tlsVerify), rewritten));
        }

        return sources;
    }

    /// <summary>The one place to push to: the registry with its <c>location</c> remap, never a mirror.</summary>
    /// <exception cref="BerthException">InvalidArgument for a short name or a blocked registry.</exception>
    public RegistrySource ResolvePush(ImageReference reference, bool? tlsVerify = null)
    {
        var qualified = RequireQualified(reference);
        var text = qualified.ToString();
        var entry = _conf.FindRegistry(text);
        if (entry is null)
        {
            return new RegistrySource(EndpointFor(qualified.Domain!, sourceInsecure: false, isMirror: false, tlsVerify), qualified);
        }

        ThrowIfBlocked(entry, qualified.Domain!);
        var prefixLength = RegistryPrefix.Match(text, entry.Prefix);
        var rewritten = entry.Location.Length == 0 ? qualified : ImageReference.Parse(entry.Location + text[prefixLength..]);
        return new RegistrySource(EndpointFor(rewritten.Domain!, entry.Insecure, isMirror: false, tlsVerify), rewritten);
    }

    /// <summary>
    /// The endpoint for a bare registry name (<c>login</c>, <c>logout</c>, <c>search</c>): no remapping, only the
    /// <c>insecure</c> and <c>blocked</c> settings of the matching entry (containers/image <c>newDockerClient</c>).
    /// </summary>
    public RegistryEndpoint ResolveRegistry(string registry, bool? tlsVerify = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(registry);
        if (_conf.FindRegistry(registry) is { Blocked: true } entry)
        {
            ThrowIfBlocked(entry, registry);
        }

        return EndpointFor(registry, sourceInsecure: false, isMirror: false, tlsVerify);
    }

    private RegistryEndpoint EndpointFor(string registry, bool sourceInsecure, bool isMirror, bool? tlsVerify)
    {
        bool insecure;
        if (sourceInsecure)
        {
            insecure = true;
        }
        else if (tlsVerify is { } verify)
        {
            insecure = !verify;
        }
        else
        {
            insecure = _conf.FindRegistry(registry)?.Insecure ?? false;
        }

        return RegistryEndpoint.ForRegistry(registry, insecure, isMirror);
    }

    private static ImageReference RequireQualified(ImageReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return reference.IsShortName
            ? throw BerthException.InvalidArgument($"reference \"{reference}\" has no registry: resolve short names before contacting a registry")
            : reference;
    }

    private static void ThrowIfBlocked(RegistryEntry entry, string registry)
    {
        if (entry.Blocked)
        {
            var where = entry.Origin.Length == 0 ? $"prefix \"{entry.Prefix}\"" : $"{entry.Origin}, prefix \"{entry.Prefix}\"";
            throw BerthException.InvalidArgument($"registry {registry} is blocked in registries.conf ({where})");
        }
    }
}
