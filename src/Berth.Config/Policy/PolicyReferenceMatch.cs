namespace Berth.Config;

/// <summary>How the identity in a signature must relate to the image reference (<c>signedIdentity</c>).</summary>
public abstract record PolicyReferenceMatch
{
    /// <summary>The <c>type</c> string.</summary>
    public abstract string Type { get; }
}

/// <summary><c>matchExact</c>.</summary>
public sealed record MatchExact : PolicyReferenceMatch
{
    public override string Type => "matchExact";
}

/// <summary><c>matchRepoDigestOrExact</c> (the default).</summary>
public sealed record MatchRepoDigestOrExact : PolicyReferenceMatch
{
    public override string Type => "matchRepoDigestOrExact";
}

/// <summary><c>matchRepository</c>.</summary>
public sealed record MatchRepository : PolicyReferenceMatch
{
    public override string Type => "matchRepository";
}

/// <summary><c>exactReference</c>: the signature must name <see cref="DockerReference"/> (with tag or digest).</summary>
public sealed record ExactReference(string DockerReference) : PolicyReferenceMatch
{
    public override string Type => "exactReference";
}

/// <summary><c>exactRepository</c>: the signature must name <see cref="DockerRepository"/>.</summary>
public sealed record ExactRepository(string DockerRepository) : PolicyReferenceMatch
{
    public override string Type => "exactRepository";
}

/// <summary><c>remapIdentity</c>: like matchRepoDigestOrExact after replacing <see cref="Prefix"/> with <see cref="SignedPrefix"/>.</summary>
public sealed record RemapIdentity(string Prefix, string SignedPrefix) : PolicyReferenceMatch
{
    public override string Type => "remapIdentity";
}
