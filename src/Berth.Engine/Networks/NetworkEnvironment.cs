using Berth.Network;
using Berth.Network.Netavark;
using Berth.Oci;
using Berth.Platform.Processes;

namespace Berth.Engine.Networks;

/// <summary>Where an engine's networks are defined and which netavark applies them.</summary>
public static class NetworkEnvironment
{
    /// <summary>The network definitions (containers.conf's network_config_dir, default network and subnet).</summary>
    public static NetworkConfigDirectory ConfigDirectory(BerthEngine engine)
    {
        var n = engine.ContainersConf.Network;
        return new NetworkConfigDirectory(engine.Settings.NetworkConfigDir, n.DefaultNetwork, n.DefaultSubnet);
    }

    /// <summary>netavark and aardvark-dns from helper_binaries_dir; netavark's run state in <see cref="RunDirectory"/>.</summary>
    public static NetavarkBackend Netavark(BerthEngine engine)
    {
        var dirs = engine.Settings.HelperBinaryDirs;
        var netavark = ExecutableFinder.Find("netavark", dirs.Select(d => Path.Combine(d, "netavark")))
            ?? throw BerthException.Unavailable($"could not find \"netavark\" in one of [{string.Join(' ', dirs)}]: install the netavark package (make deps) or set helper_binaries_dir in containers.conf");
        var aardvark = ExecutableFinder.Find("aardvark-dns", dirs.Select(d => Path.Combine(d, "aardvark-dns"))) ?? "/usr/lib/podman/aardvark-dns";
        return new NetavarkBackend(new NetavarkPaths(netavark, aardvark, RunDirectory(engine), engine.Settings.NetworkConfigDir));
    }

    /// <summary>
    /// netavark's state directory (its locks, aardvark-dns configs) and Berth's address leases: one per machine, shared
    /// with podman (<c>/run/containers/networks</c> as root, <c>$XDG_RUNTIME_DIR/containers/networks</c> rootless), because
    /// the bridges, firewall chains and DNS servers it guards are the machine's, whatever store a container is in.
    /// </summary>
    public static string RunDirectory(BerthEngine engine) =>
        engine.Settings.Rootless && Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } xdg
            ? Path.Combine(xdg, "containers", "networks")
            : "/run/containers/networks";
}
