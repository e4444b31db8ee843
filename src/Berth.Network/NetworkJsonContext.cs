using System.Text.Json.Serialization;
using Berth.Network.Model;
using Berth.Network.Netavark;

namespace Berth.Network;

/// <summary>Compact JSON (netavark's stdin, the store) for the network types.</summary>
[JsonSerializable(typeof(NetworkDefinition))]
[JsonSerializable(typeof(NetavarkRequest))]
[JsonSerializable(typeof(Dictionary<string, NetworkStatus>))]
[JsonSerializable(typeof(NetavarkError))]
[JsonSerializable(typeof(List<PortMapping>))]
[JsonSerializable(typeof(Dictionary<string, PerNetworkOptions>))]
public sealed partial class NetworkJsonContext : JsonSerializerContext;

/// <summary>The network file format: podman writes its files with Go's MarshalIndent and five spaces.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, IndentSize = 5)]
[JsonSerializable(typeof(NetworkDefinition))]
public sealed partial class NetworkFileJsonContext : JsonSerializerContext;
