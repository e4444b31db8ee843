using Berth.Cli.CommandLine;
using Berth.Engine;

namespace Berth.Cli;

/// <summary>podman's persistent flags, and how they become <see cref="EngineOptions"/>.</summary>
public static class GlobalOptions
{
    public static readonly string[] LogLevels = ["trace", "debug", "info", "warn", "warning", "error", "fatal", "panic"];

    public static IReadOnlyList<OptionSpec> Podman { get; } =
    [
        OptionSpec.Text("cgroup-manager", null, "Cgroup manager to use (\"cgroupfs\"|\"systemd\")"),
        OptionSpec.Text("conmon", null, "Path of the conmon binary"),
        OptionSpec.Text("events-backend", null, "Events backend to use (\"file\"|\"journald\"|\"none\")"),
        OptionSpec.Slice("hooks-dir", null, "Set the OCI hooks directory path (may be set multiple times)"),
        OptionSpec.Text("log-level", null, $"Log messages above specified level ({string.Join(", ", LogLevels)})", "warn"),
        OptionSpec.Text("network-cmd-path", null, "Path to the command for configuring the network"),
        OptionSpec.Text("network-config-dir", null, "Path of the configuration directory for networks"),
        OptionSpec.Flag("noout", null, "do not output to stdout"),
        OptionSpec.Text("root", null, "Path to the root directory in which data, including images, is stored"),
        OptionSpec.Text("runroot", null, "Path to the 'run directory' where all state information is stored"),
        OptionSpec.Text("runtime", null, "Path to the OCI-compatible binary used to run containers"),
        OptionSpec.Array("runtime-flag", null, "add global flags for the container runtime"),
        OptionSpec.Text("storage-driver", null, "Select which storage driver is used to manage storage of images and containers"),
        OptionSpec.Array("storage-opt", null, "Used to pass an option to the storage driver"),
        OptionSpec.Text("tmpdir", null, "Path to the tmp directory for libpod state content"),
        OptionSpec.Text("volumepath", null, "Path to the volume directory in which volume data is stored"),
    ];

    /// <summary>buildah's global flags (the subset Berth implements).</summary>
    public static IReadOnlyList<OptionSpec> Buildah { get; } =
    [
        OptionSpec.Text("log-level", null, "the log level to be used, one of \"trace\", \"debug\", \"info\", \"warn\", \"error\", \"fatal\", or \"panic\"", "warn"),
        OptionSpec.Text("root", null, "storage root dir"),
        OptionSpec.Text("runroot", null, "storage state dir"),
        OptionSpec.Text("storage-driver", null, "storage-driver"),
        OptionSpec.Array("storage-opt", null, "storage driver option"),
    ];

    /// <summary>skopeo's global flags (the subset Berth implements).</summary>
    public static IReadOnlyList<OptionSpec> Skopeo { get; } =
    [
        OptionSpec.Text("command-timeout", null, "timeout for the command execution"),
        OptionSpec.Flag("debug", null, "enable debug output"),
        OptionSpec.Flag("insecure-policy", null, "run the tool without any policy check"),
        OptionSpec.Text("override-arch", null, "use `ARCH` instead of the architecture of the machine for choosing images"),
        OptionSpec.Text("override-os", null, "use `OS` instead of the running OS for choosing images"),
        OptionSpec.Text("override-variant", null, "use `VARIANT` instead of the running architecture variant for choosing images"),
        OptionSpec.Text("policy", null, "Path to a trust policy file"),
        OptionSpec.Text("registries-conf", null, "path to the registries.conf file"),
        OptionSpec.Text("registries.d", null, "use registry configuration files in `DIR` (e.g. for container signature storage)"),
        OptionSpec.Text("tmpdir", null, "directory used to store temporary files"),
    ];

    public static EngineOptions ToEngineOptions(ParsedOptions o)
    {
        string? Get(string name) => o.Changed(name) ? o.GetString(name) : null;
        var cgroupManager = Get("cgroup-manager");
        if (cgroupManager is not null and not "cgroupfs" and not "systemd")
        {
            throw new UsageException($"invalid cgroup manager \"{cgroupManager}\": use \"cgroupfs\" or \"systemd\"");
        }

        IReadOnlyList<string> All(string name) => o.Changed(name) ? o.GetStrings(name) : [];

        var level = o.Changed("debug") && o.GetBool("debug") ? "debug" : Get("log-level") ?? "warn";
        if (!LogLevels.Contains(level))
        {
            throw new UsageException($"unable to parse log level: not a valid logrus Level: \"{level}\"");
        }

        return new EngineOptions
        {
            Root = Get("root"),
            RunRoot = Get("runroot"),
            StorageDriver = Get("storage-driver"),
            StorageOptions = All("storage-opt"),
            TmpDir = Get("tmpdir"),
            Runtime = Get("runtime"),
            RuntimeFlags = All("runtime-flag"),
            Conmon = Get("conmon"),
            CgroupManager = Get("cgroup-manager"),
            EventsBackend = Get("events-backend"),
            NetworkConfigDir = Get("network-config-dir"),
            NetworkCmdPath = Get("network-cmd-path"),
            VolumePath = Get("volumepath"),
            HooksDirs = All("hooks-dir"),
            LogLevel = level,
            RegistriesConf = Get("registries-conf"),
        };
    }
}
