using System.Buffers;
using System.Text;
using System.Text.Json;
using Berth.Network.Netavark;

namespace Berth.Engine.Containers;

/// <summary>
/// The part of a stored container configuration that listing (<c>ps</c>, its filters, sorting and templates) reads:
/// <see cref="Fields"/>. Read with a forward-only reader that skips everything else, so a listing of many containers
/// neither builds their full configurations nor sets up the serializer's metadata for them. Every other member of the
/// result keeps its default: never hand such a configuration to anything but the listing.
/// </summary>
public static class ContainerListConfig
{
    /// <summary>The members read (JSON names as <see cref="ContainerJsonContext"/> writes them).</summary>
    public static readonly string[] Fields =
        ["Id", "ImageId", "ImageName", "Created", "EffectiveEntrypoint", "EffectiveCmd", "Labels", "AutoRemove", "RestartPolicy", "Healthcheck",
         "PortMappings", "NetworkMode", "Networks", "NamedVolumes", "Mounts", "UserVolumes",
         "Pod", "IsInfra"];

    public static ContainerConfig Read(string json)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(json, buffer);
            return Read(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ContainerConfig Read(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw Invalid();
        }

        string? id = null, imageId = null, imageName = null, restart = null, networkMode = null, pod = null;
        Dictionary<string, PerNetworkOptions>? networks = null;
        DateTimeOffset? created = null;
        IReadOnlyList<string>? entrypoint = null, cmd = null;
        Dictionary<string, string>? labels = null;
        HealthcheckConfig? healthcheck = null;
        List<PortMapping>? ports = null;
        IReadOnlyList<NamedVolumeMount>? namedVolumes = null;
        IReadOnlyList<UserMount>? mounts = null;
        IReadOnlyList<string>? userVolumes = null;
        var autoRemove = false;
        var isInfra = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (name.SequenceEqual("Id"u8))
            {
                id = reader.GetString();
            }
            else if (name.SequenceEqual("ImageId"u8))
            {
                imageId = reader.GetString();
            }
            else if (name.SequenceEqual("ImageName"u8))
            {
                imageName = reader.GetString();
            }
            else if (name.SequenceEqual("Created"u8))
            {
                created = reader.GetDateTimeOffset();
            }
            else if (name.SequenceEqual("EffectiveEntrypoint"u8))
            {
                entrypoint = Strings(ref reader);
            }
            else if (name.SequenceEqual("EffectiveCmd"u8))
            {
                cmd = Strings(ref reader);
            }
            else if (name.SequenceEqual("Labels"u8))
            {
                labels = Map(ref reader);
            }
            else if (name.SequenceEqual("AutoRemove"u8))
            {
                autoRemove = reader.GetBoolean();
            }
            else if (name.SequenceEqual("RestartPolicy"u8))
            {
                restart = reader.GetString();
            }
            else if (name.SequenceEqual("Healthcheck"u8))
            {
                healthcheck = reader.TokenType == JsonTokenType.Null
                    ? null
                    : JsonSerializer.Deserialize(ref reader, ContainerJsonContext.Default.HealthcheckConfig);
            }
            else if (name.SequenceEqual("PortMappings"u8))
            {
                ports = PortMappings(ref reader);
            }
            else if (name.SequenceEqual("NetworkMode"u8))
            {
                networkMode = reader.GetString();
            }
            else if (name.SequenceEqual("Networks"u8))
            {
                networks = NetworkNames(ref reader);
            }
            else if (name.SequenceEqual("NamedVolumes"u8))
            {
                namedVolumes = JsonSerializer.Deserialize(ref reader, ContainerJsonContext.Default.IReadOnlyListNamedVolumeMount);
            }
            else if (name.SequenceEqual("Mounts"u8))
            {
                mounts = JsonSerializer.Deserialize(ref reader, ContainerJsonContext.Default.IReadOnlyListUserMount);
            }
            else if (name.SequenceEqual("UserVolumes"u8))
            {
                userVolumes = Strings(ref reader);
            }
            else if (name.SequenceEqual("Pod"u8))
            {
                pod = reader.GetString();
            }
            else if (name.SequenceEqual("IsInfra"u8))
            {
                isInfra = reader.GetBoolean();
            }
            else
            {
                reader.Skip();
            }
        }

        return new ContainerConfig
        {
            Id = id ?? throw Invalid(),
            Created = created ?? throw Invalid(),
            ImageId = imageId,
            ImageName = imageName ?? "",
            EffectiveEntrypoint = entrypoint ?? [],
            EffectiveCmd = cmd ?? [],
            Labels = labels ?? new Dictionary<string, string>(),
            AutoRemove = autoRemove,
            RestartPolicy = restart ?? "",
            Healthcheck = healthcheck,
            PortMappings = ports ?? [],
            NetworkMode = networkMode ?? "none",
            Networks = networks ?? new Dictionary<string, PerNetworkOptions>(),
            NamedVolumes = namedVolumes ?? [],
            Mounts = mounts ?? [],
            UserVolumes = userVolumes ?? [],
            Pod = pod ?? "",
            IsInfra = isInfra,
        };
    }

    /// <summary>The network names only (in order); each attachment's options are left empty.</summary>
    private static Dictionary<string, PerNetworkOptions> NetworkNames(ref Utf8JsonReader reader)
    {
        var networks = new Dictionary<string, PerNetworkOptions>(StringComparer.Ordinal);
        if (reader.TokenType == JsonTokenType.Null)
        {
            return networks;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var network = reader.GetString()!;
            reader.Read();
            reader.Skip();
            networks[network] = new PerNetworkOptions { InterfaceName = "" };
        }

        return networks;
    }

    private static List<string> Strings(ref Utf8JsonReader reader)
    {
        var list = new List<string>();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return list;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(reader.GetString() ?? "");
        }

        return list;
    }

    private static Dictionary<string, string> Map(ref Utf8JsonReader reader)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (reader.TokenType == JsonTokenType.Null)
        {
            return map;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            map[key] = reader.GetString() ?? "";
        }

        return map;
    }

    /// <summary>PortMapping objects as the source-generated context writes them (host_ip, container_port, host_port, range, protocol).</summary>
    private static List<PortMapping> PortMappings(ref Utf8JsonReader reader)
    {
        var list = new List<PortMapping>();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return list;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            string hostIp = "", protocol = "tcp";
            ushort containerPort = 0, hostPort = 0, range = 1;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                reader.Read();
                if (name.SequenceEqual("host_ip"u8))
                {
                    hostIp = reader.GetString() ?? "";
                }
                else if (name.SequenceEqual("container_port"u8))
                {
                    containerPort = reader.GetUInt16();
                }
                else if (name.SequenceEqual("host_port"u8))
                {
                    hostPort = reader.GetUInt16();
                }
                else if (name.SequenceEqual("range"u8))
                {
                    range = reader.GetUInt16();
                }
                else if (name.SequenceEqual("protocol"u8))
                {
                    protocol = reader.GetString() ?? "tcp";
                }
                else
                {
                    reader.Skip();
                }
            }

            list.Add(new PortMapping { HostIp = hostIp, ContainerPort = containerPort, HostPort = hostPort, Range = range, Protocol = protocol });
        }

        return list;
    }

    private static BerthException Invalid() => new(ErrorKind.Internal, "a container's configuration in the database is not valid JSON");
}
