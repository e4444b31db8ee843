using System.Text.Json;
using Berth.Network.Model;
using Berth.Oci;

namespace Berth.Network;

/// <summary>
/// The networks of a network config directory (one <c>&lt;name&gt;.json</c> each, podman's format) plus the default
/// network, synthesised from containers.conf when no file of that name exists (podman does not write it either).
/// </summary>
public sealed class NetworkConfigDirectory
{
    private readonly string directory;
    private readonly string defaultName;
    private readonly string defaultSubnet;

    public NetworkConfigDirectory(string directory, string defaultName, string defaultSubnet)
    {
        this.directory = directory;
        this.defaultName = defaultName;
        this.defaultSubnet = defaultSubnet;
    }

    public string Directory => directory;

    public string DefaultName => defaultName;

    /// <summary>The default network as podman synthesises it (bridge podman0, DNS off, created = now).</summary>
    public NetworkDefinition DefaultNetwork()
    {
        var subnet = System.Net.IPNetwork.Parse(defaultSubnet);
        return new NetworkDefinition
        {
            Name = defaultName,
            Id = NetworkNames.DefaultNetworkId(defaultName),
            Driver = "bridge",
            NetworkInterface = "podman0",
            Created = NetworkTimestamp.Format(DateTimeOffset.Now),
            Subnets = [new NetworkSubnet { Subnet = subnet.ToString(), Gateway = IpArithmetic.Add(subnet.BaseAddress, 1).ToString() }],
            IpamOptions = new Dictionary<string, string> { ["driver"] = "host-local" },
        };
    }

    /// <summary>Every network, sorted by name (files that do not parse are reported, not skipped silently).</summary>
    public IReadOnlyList<NetworkDefinition> List()
    {
        var list = new List<NetworkDefinition>();
        var haveDefault = false;
        if (System.IO.Directory.Exists(directory))
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(directory, "*.json"))
            {
                var network = Read(file);
                haveDefault |= network.Name == defaultName;
                list.Add(network);
            }
        }

        if (!haveDefault)
        {
            list.Add(DefaultNetwork());
        }

        list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return list;
    }

    /// <summary>A network by full name, full ID or unique ID prefix (libnetwork's lookup order).</summary>
    public NetworkDefinition? TryFind(string nameOrId)
    {
        var all = List();
        if (all.FirstOrDefault(n => n.Name == nameOrId) is { } byName)
        {
            return byName;
        }

        var matches = all.Where(n => n.Id.StartsWith(nameOrId, StringComparison.Ordinal)).ToList();
        if (matches.Count > 1)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"more than one result for network ID {nameOrId}");
        }

        return matches.Count == 1 ? matches[0] : null;
    }

    /// <summary>The network or podman's "unable to find network" error (exit 125).</summary>
    public NetworkDefinition Find(string nameOrId) =>
        TryFind(nameOrId) ?? throw new BerthException(ErrorKind.NotFound, $"unable to find network with name or ID {nameOrId}: network not found");

    /// <summary>Writes the network's file atomically (temp file, fsync, rename).</summary>
    public void Save(NetworkDefinition network)
    {
        System.IO.Directory.CreateDirectory(directory);
        var path = FilePath(network.Name);
        var temp = path + ".tmp-" + Environment.ProcessId;
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, network, NetworkFileJsonContext.Default.NetworkDefinition);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Removes the network's file; false when it had none (the synthesised default network).</summary>
    public bool Delete(string name)
    {
        var path = FilePath(name);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    private string FilePath(string name) => Path.Combine(directory, name + ".json");

    private static NetworkDefinition Read(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            return JsonSerializer.Deserialize(stream, NetworkJsonContext.Default.NetworkDefinition)
                ?? throw new JsonException("empty document");
        }
        catch (JsonException e)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"network file {file} is not a valid network definition: {e.Message}: fix or remove the file");
        }
    }
}
