namespace Berth.Registry;

/// <summary>A registry token and when it stops being usable.</summary>
/// <param name="Token">The bearer token.</param>
/// <param name="Expires">Issue time plus <c>expires_in</c> (at least 60 s, as the token spec says clients should assume).</param>
/// <param name="WithCredentials">Whether the token was obtained with credentials (for the 401 message).</param>
internal sealed record BearerToken(string Token, DateTimeOffset Expires, bool WithCredentials)
{
    /// <summary>The token spec: "if expires_in is not given, a default of 60 seconds should be assumed" (and less is treated as 60).</summary>
    public static readonly TimeSpan MinimumLifetime = TimeSpan.FromSeconds(60);

    /// <summary>Tokens are renewed this long before they expire, so a request does not race the expiry.</summary>
    public static readonly TimeSpan Skew = TimeSpan.FromSeconds(10);

    public bool IsValidAt(DateTimeOffset now) => now < Expires - Skew;

    public override string ToString() => $"bearer token (expires {Expires:O})";
}
