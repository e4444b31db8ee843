namespace Berth.Runtime.Files;

/// <summary>What <see cref="ResolvConfFile.Build"/> needs for one container (podman writes none with <c>--network none</c>).</summary>
public sealed record ResolvConfInput
{
    /// <summary>
    /// The base resolv.conf text (the host's, from <see cref="ResolvConfFile.ReadHost"/>, which already swaps a
    /// local stub resolver's file for the real one); null = the host has none.
    /// </summary>
    public string? HostContent { get; init; }

    /// <summary>The container shares the host's network namespace (<c>--network host</c>): the host's file is kept as is.</summary>
    public bool HostNetwork { get; init; }

    /// <summary>containers.conf <c>dns_servers</c> then <c>--dns</c>; when any is given they replace every other server.</summary>
    public IReadOnlyList<string> Nameservers { get; init; } = [];

    /// <summary>containers.conf <c>dns_searches</c> then <c>--dns-search</c>; "." among them means no search line.</summary>
    public IReadOnlyList<string> Searches { get; init; } = [];

    /// <summary>containers.conf <c>dns_options</c> then <c>--dns-option</c>.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>DNS servers the networks provide (aardvark-dns, slirp4netns' forwarder), put before the host's.</summary>
    public IReadOnlyList<string> NetworkNameservers { get; init; } = [];

    /// <summary>Search domains the networks provide (e.g. dns.podman).</summary>
    public IReadOnlyList<string> NetworkSearchDomains { get; init; } = [];

    /// <summary>The container has an IPv6 address: IPv6 nameservers of the host are kept.</summary>
    public bool Ipv6Enabled { get; init; }
}
