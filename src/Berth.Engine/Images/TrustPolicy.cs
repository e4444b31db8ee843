using Berth.Config;
using Berth.Oci;

namespace Berth.Engine.Images;

/// <summary>
/// policy.json for pulls from the docker transport (containers/image signature/policy_eval): the most specific scope
/// wins (repo:tag or repo@digest, repo, each parent namespace, registry host, <c>*.domain</c> wildcards, the transport's
/// default, the global default) and every requirement of it must accept. Signature requirements cannot be verified yet,
/// so they refuse the image rather than let it through unchecked.
/// </summary>
public static class TrustPolicy
{
    public static void CheckPull(PolicyConfig policy, ImageReference reference) =>
        Check(policy, RequirementsFor(policy, reference), $"docker://{reference}");

    /// <summary>
    /// The policy for an image read through any transport: docker scopes as for a pull; the path transports' scopes are
    /// the path (with <c>:reference</c> for oci and oci-archive) and then each parent directory, as containers/image's
    /// PolicyConfigurationNamespaces lists them.
    /// </summary>
    public static void CheckSource(PolicyConfig policy, Transports.ImageLocation location)
    {
        if (location.Transport == Transports.TransportKind.Docker)
        {
            CheckPull(policy, location.Docker!);
            return;
        }

        var transport = Transports.ImageLocation.NameOf(location.Transport);
        IReadOnlyList<PolicyRequirement> requirements = policy.Default;
        if (policy.Transports.TryGetValue(transport, out var scopes))
        {
            var found = PathScopes(location).Select(s => scopes.TryGetValue(s, out var r) ? r : null).FirstOrDefault(r => r is not null);
            requirements = found ?? (scopes.TryGetValue("", out var transportDefault) ? transportDefault : policy.Default);
        }

        Check(policy, requirements, location.ToString());
    }

    private static void Check(PolicyConfig policy, IReadOnlyList<PolicyRequirement> requirements, string image)
    {
        foreach (var requirement in requirements)
        {
            switch (requirement)
            {
                case InsecureAcceptAnythingRequirement:
                    continue;
                case RejectRequirement:
                    throw new BerthException(ErrorKind.Unauthorized, $"Source image rejected: Running image {image} is rejected by policy.");
                default:
                    throw new BerthException(ErrorKind.Unauthorized,
                        $"Source image rejected: {policy.Path} requires a \"{requirement.Type}\" signature for {image}, and Berth cannot verify signatures yet: change the policy for this scope (berth image trust set) or use an image from a scope that accepts it");
            }
        }
    }

    private static IEnumerable<string> PathScopes(Transports.ImageLocation location)
    {
        if (location.Transport == Transports.TransportKind.ContainersStorage)
        {
            yield return location.Reference ?? "";
            yield break;
        }

        var path = Path.GetFullPath(location.Path!);
        if (location.Reference is { } reference && location.Transport is Transports.TransportKind.Oci or Transports.TransportKind.OciArchive)
        {
            yield return $"{path}:{reference}";
        }

        for (var scope = path; ;)
        {
            yield return scope;
            var slash = scope.LastIndexOf('/');
            if (slash <= 0)
            {
                if (scope != "/")
                {
                    yield return "/";
                }

                break;
            }

            scope = scope[..slash];
        }
    }

    public static IReadOnlyList<PolicyRequirement> RequirementsFor(PolicyConfig policy, ImageReference reference)
    {
        if (policy.Transports.TryGetValue("docker", out var scopes))
        {
            foreach (var scope in Scopes(reference))
            {
                if (scopes.TryGetValue(scope, out var found))
                {
                    return found;
                }
            }

            if (scopes.TryGetValue("", out var transportDefault))
            {
                return transportDefault;
            }
        }

        return policy.Default;
    }

    /// <summary>Scopes from the most to the least specific, as containers/image's docker transport lists them.</summary>
    private static IEnumerable<string> Scopes(ImageReference reference)
    {
        var name = reference.Name;
        if (reference.Digest is { } d)
        {
            yield return $"{name}@{d}";
        }
        else if (reference.Tag is { } t)
        {
            yield return $"{name}:{t}";
        }

        for (var scope = name; ; )
        {
            yield return scope;
            var slash = scope.LastIndexOf('/');
            if (slash < 0)
            {
                break;
            }

            scope = scope[..slash];
        }

        var host = reference.Domain ?? "";
        var port = host.IndexOf(':', StringComparison.Ordinal);
        var hostname = port < 0 ? host : host[..port];
        for (var dot = hostname.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = hostname.IndexOf('.', dot + 1))
        {
            yield return "*" + hostname[dot..];
        }
    }
}
