using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Berth.Network.Model;

/// <summary>Network names and IDs as libnetwork checks and makes them.</summary>
public static partial class NetworkNames
{
    /// <summary>libnetwork's NameRegex.</summary>
    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")]
    private static partial Regex NamePattern();

    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    /// <summary>The default network's ID: the SHA-256 of its name, so it is the same on every machine.</summary>
    public static string DefaultNetworkId(string name) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));

    /// <summary>A new random ID (64 hex digits).</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
