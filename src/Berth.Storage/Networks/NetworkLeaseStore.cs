using Berth.Storage.Sqlite;

namespace Berth.Storage.Networks;

/// <summary>An address of a network held by a container.</summary>
public sealed record NetworkLease(string Network, string Address, string ContainerId);

/// <summary>
/// host-local IPAM's state: which container holds which address of which network, and the last address handed out per
/// network so the next search starts after it. Like podman's ipam.db it is one file per machine (in the network run
/// directory, gone after a reboot like the namespaces and rules it describes), shared by every store, because the
/// networks are shared. Every change is one transaction, so two containers started at once never get the same address.
/// </summary>
public sealed class NetworkLeaseStore : IDisposable
{
    private static readonly string[] Schema =
    [
        """
        CREATE TABLE network_leases (
            network      TEXT NOT NULL,
            address      TEXT NOT NULL,
            container_id TEXT NOT NULL,
            PRIMARY KEY (network, address)
        );
        CREATE INDEX network_leases_container ON network_leases(container_id);
        CREATE TABLE network_last (
            network TEXT PRIMARY KEY,
            address TEXT NOT NULL
        );
        """,
    ];

    private readonly StoreDatabase db;

    private NetworkLeaseStore(StoreDatabase db)
    {
        this.db = db;
    }

    /// <summary>Opens (creating) the lease database at <paramref name="path"/>.</summary>
    public static NetworkLeaseStore Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new NetworkLeaseStore(StoreDatabase.Open(path, Schema));
    }

    public void Dispose() => db.Dispose();

    /// <summary>
    /// Picks and records an address for <paramref name="containerId"/>: <paramref name="choose"/> gets the addresses in
    /// use and the last one handed out and returns the address to take, or null when the network is full.
    /// </summary>
    public string? Allocate(string network, string containerId, Func<IReadOnlySet<string>, string?, string?> choose) => db.Write(s =>
    {
        var used = s.Query("SELECT address FROM network_leases WHERE network = $n", r => r.GetString(0), ("$n", network)).ToHashSet();
        var last = s.Query("SELECT address FROM network_last WHERE network = $n", r => r.GetString(0), ("$n", network)).FirstOrDefault();
        var address = choose(used, last);
        if (address is null)
        {
            return null;
        }

        s.Execute("INSERT INTO network_leases (network, address, container_id) VALUES ($n, $a, $c)", ("$n", network), ("$a", address), ("$c", containerId));
        s.Execute("INSERT INTO network_last (network, address) VALUES ($n, $a) ON CONFLICT(network) DO UPDATE SET address = $a", ("$n", network), ("$a", address));
        return address;
    });

    /// <summary>Takes a given address (<c>--ip</c>); returns the holder's ID when another container has it, else null.</summary>
    public string? Reserve(string network, string address, string containerId) => db.Write(s =>
    {
        var holder = s.Query("SELECT container_id FROM network_leases WHERE network = $n AND address = $a", r => r.GetString(0), ("$n", network), ("$a", address)).FirstOrDefault();
        if (holder is not null)
        {
            return holder == containerId ? null : holder;
        }

        s.Execute("INSERT INTO network_leases (network, address, container_id) VALUES ($n, $a, $c)", ("$n", network), ("$a", address), ("$c", containerId));
        return null;
    });

    /// <summary>Frees every address the container holds (of one network, or of all when <paramref name="network"/> is null).</summary>
    public int Release(string containerId, string? network = null) => db.Write(s => network is null
        ? s.Execute("DELETE FROM network_leases WHERE container_id = $c", ("$c", containerId))
        : s.Execute("DELETE FROM network_leases WHERE container_id = $c AND network = $n", ("$c", containerId), ("$n", network)));

    /// <summary>The leases of a container, or of every container when null.</summary>
    public IReadOnlyList<NetworkLease> List(string? containerId = null) => db.Read(s => containerId is null
        ? s.Query("SELECT network, address, container_id FROM network_leases ORDER BY network, address", Read)
        : s.Query("SELECT network, address, container_id FROM network_leases WHERE container_id = $c ORDER BY network, address", Read, ("$c", containerId)));

    private static NetworkLease Read(Sqlite.StoreDatabase.Row r) => new(r.GetString(0), r.GetString(1), r.GetString(2));
}
