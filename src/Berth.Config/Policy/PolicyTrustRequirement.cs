namespace Berth.Config;

/// <summary>One requirement as <c>image trust show</c> lists it (podman 4.3's repoContent).</summary>
/// <param name="Transport">The transport (<c>docker</c>, <c>atomic</c>, …), or null for the global default.</param>
/// <param name="Scope">The scope within the transport; <c>""</c> for a transport's default and for the global default.</param>
/// <param name="Type">The requirement's <c>type</c>, <c>""</c> when missing.</param>
/// <param name="KeyPath"><c>keyPath</c>, <c>""</c> when missing.</param>
/// <param name="KeyPaths"><c>keyPaths</c>.</param>
/// <param name="KeyData"><c>keyData</c> (base64 text), <c>""</c> when missing.</param>
public sealed record PolicyTrustRequirement(string? Transport, string Scope, string Type, string KeyPath, IReadOnlyList<string> KeyPaths, string KeyData);
