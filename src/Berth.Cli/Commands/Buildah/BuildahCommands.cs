using Berth.Cli.CommandLine;

namespace Berth.Cli.Commands.Buildah;

/// <summary>
/// buildah 1.28's working-container commands (from, containers, mount, umount, rm, run): flags and help texts as buildah
/// prints them (golden-tested against <c>buildah &lt;cmd&gt; --help</c>); the actions are in BuildahActions.
/// </summary>
public static class BuildahCommands
{
    internal static readonly OptionSpec AuthFile = OptionSpec.Text("authfile", null, "path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override");
    internal static readonly OptionSpec CertDir = OptionSpec.Text("cert-dir", null, "use certificates at the specified path to access the registry");
    internal static readonly OptionSpec Creds = OptionSpec.Text("creds", null, "use `[username[:password]]` for accessing the registry");
    internal static readonly OptionSpec TlsVerify = OptionSpec.Flag("tls-verify", null, "require HTTPS and verify certificates when accessing the registry. TLS verification cannot be used when talking to an insecure registry.", true);
    internal static readonly OptionSpec AddHistory = OptionSpec.Flag("add-history", null, "add an entry for this operation to the image's history.  Use BUILDAH_HISTORY environment variable to override. (default false)");

    public static CommandSpec From() => new("from", "Create a working container based on an image")
    {
        Description = "\n  Creates a new working container, either from scratch or using a specified\n  image as a starting point.",
        Example = "{path} --pull imagename\n{path} docker-daemon:imagename:imagetag\n{path} --name \"myimagename\" myregistry/myrepository/imagename:imagetag",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Slice("add-host", null, "add a custom host-to-IP mapping (`host:ip`) (default [])"),
            OptionSpec.Text("arch", null, "set the ARCH of the image to the provided value instead of the architecture of the host", "amd64"),
            AuthFile,
            OptionSpec.Slice("cap-add", null, "add the specified capability when running (default [])"),
            OptionSpec.Slice("cap-drop", null, "drop the specified capability when running (default [])"),
            CertDir,
            OptionSpec.Text("cgroup-parent", null, "optional parent cgroup for the container"),
            OptionSpec.Text("cgroupns", null, "'private', or 'host'"),
            OptionSpec.Text("cidfile", null, "write the container ID to the file"),
            OptionSpec.UInt("cpu-period", null, "limit the CPU CFS (Completely Fair Scheduler) period"),
            OptionSpec.Integer("cpu-quota", null, "limit the CPU CFS (Completely Fair Scheduler) quota"),
            OptionSpec.UInt("cpu-shares", 'c', "CPU shares (relative weight)"),
            OptionSpec.Text("cpuset-cpus", null, "CPUs in which to allow execution (0-3, 0,1)"),
            OptionSpec.Text("cpuset-mems", null, "memory nodes (MEMs) in which to allow execution (0-3, 0,1). Only effective on NUMA systems."),
            Creds,
            OptionSpec.Slice("decryption-key", null, "key needed to decrypt the image"),
            OptionSpec.Array("device", null, "additional devices to be used within containers (default [])"),
            OptionSpec.Slice("dns", null, "set custom DNS servers or disable it completely by setting it to 'none', which prevents the automatic creation of `/etc/resolv.conf`."),
            OptionSpec.Slice("dns-option", null, "set custom DNS options"),
            OptionSpec.Slice("dns-search", null, "set custom DNS search domains"),
            OptionSpec.Text("format", 'f', "`format` of the image manifest and metadata", "oci"),
            OptionSpec.Flag("http-proxy", null, "pass through HTTP Proxy environment variables", true),
            OptionSpec.Text("ipc", null, "'private', `path` of IPC namespace to join, or 'host'"),
            OptionSpec.Text("isolation", null, "`type` of process isolation to use. Use BUILDAH_ISOLATION environment variable to override.", "oci"),
            OptionSpec.Text("memory", 'm', "memory limit (format: <number>[<unit>], where unit = b, k, m or g)"),
            OptionSpec.Text("memory-swap", null, "swap limit equal to memory plus swap: '-1' to enable unlimited swap"),
            OptionSpec.Text("name", null, "`name` for the working container"),
            OptionSpec.Text("network", null, "'private', 'none', 'ns:path' of network namespace to join, or 'host'"),
            OptionSpec.Text("os", null, "prefer `OS` instead of the running OS when pulling images", "linux"),
            OptionSpec.Text("pid", null, "private, `path` of PID namespace to join, or 'host'"),
            new("platform", null, OptionKind.StringSlice, "set the OS/ARCH/VARIANT of the image to the provided value instead of the current operating system and architecture of the host (for example `linux/arm`)", "[linux/amd64]"),
            new("pull", null, OptionKind.String, "pull the image from the registry if newer or not present in store, if false, only pull the image if not present, if always, pull the image even if the named image is present in store, if never, only use the image present in store if available", "true", NoOptDefault: "true"),
            // Deprecated spellings buildah still accepts (hidden in its help).
            new("pull-always", null, OptionKind.Bool, "pull the image even if the named image is present in store", Hidden: true),
            new("pull-never", null, OptionKind.Bool, "do not pull the image, use the image present in store if available", Hidden: true),
            OptionSpec.Flag("quiet", 'q', "don't output progress information when pulling images"),
            OptionSpec.Integer("retry", null, "number of times to retry in case of failure when performing push/pull", 3),
            OptionSpec.Text("retry-delay", null, "delay between retries in case of push/pull failures", "2s"),
            OptionSpec.Array("security-opt", null, "security options (default [])"),
            OptionSpec.Text("shm-size", null, "size of '/dev/shm'. The format is `<number><unit>`.", "65536k"),
            TlsVerify,
            new("ulimit", null, OptionKind.StringSlice, "ulimit options", "[nofile=20000:20000,nproc=4096:4096]"),
            OptionSpec.Text("userns", null, "'container', `path` of user namespace to join, or 'host'"),
            OptionSpec.Text("userns-gid-map", null, "`containerGID:hostGID:length` GID mapping to use in user namespace"),
            OptionSpec.Text("userns-gid-map-group", null, "`name` of entries from /etc/subgid to use to set user namespace GID mapping"),
            OptionSpec.Text("userns-uid-map", null, "`containerUID:hostUID:length` UID mapping to use in user namespace"),
            OptionSpec.Text("userns-uid-map-user", null, "`name` of entries from /etc/subuid to use to set user namespace UID mapping"),
            OptionSpec.Text("uts", null, "private, :`path` of UTS namespace to join, or 'host'"),
            OptionSpec.Text("variant", null, "override the `variant` of the specified image"),
            OptionSpec.Array("volume", 'v', "bind mount a volume into the container"),
        ],
        Action = BuildahActions.FromAsync,
    };

    public static CommandSpec Containers() => new("containers", "List working containers and their base images")
    {
        Aliases = ["list", "ls", "ps"],
        Description = "\n  Lists containers which appear to be buildah working containers, their\n  names and IDs, and the names and IDs of the images from which they were\n  initialized.",
        Example = "{path}\n{path} --format \"{{.ContainerID}} {{.ContainerName}}\"\n{path} -q --noheading --notruncate",
        Args = ArgsRule.None,
        Options =
        [
            OptionSpec.Flag("all", 'a', "also list non-buildah containers"),
            OptionSpec.Text("filter", 'f', "filter output based on conditions provided"),
            OptionSpec.Text("format", null, "pretty-print containers using a Go template"),
            OptionSpec.Flag("json", null, "output in JSON format"),
            OptionSpec.Flag("noheading", 'n', "do not print column headings"),
            OptionSpec.Flag("notruncate", null, "do not truncate output"),
            OptionSpec.Flag("quiet", 'q', "display only container IDs"),
        ],
        Action = BuildahActions.ContainersAsync,
    };

    public static CommandSpec Mount() => new("mount", "Mount a working container's root filesystem")
    {
        Description = "buildah mount\n  mounts a working container's root filesystem for manipulation.\n\n  Note:  In rootless mode you need to first execute buildah unshare, to put you\n  into the usernamespace. Afterwards you can buildah mount the container and\n  view/modify the content in the containers root file system.",
        Example = "{path}\n{path} containerID\n{path} containerID1 containerID2\n\nIn rootless mode you must use buildah unshare first.\nbuildah unshare\n{path} containerID\n",
        Args = ArgsRule.Any,
        Options = [OptionSpec.Flag("json", null, "output in JSON format")],
        Action = BuildahActions.MountAsync,
    };

    public static CommandSpec Umount() => new("umount", "Unmount the root file system of the specified working containers")
    {
        Aliases = ["unmount"],
        Description = "Unmounts the root file system of the specified working containers.",
        Example = "{path} containerID\n{path} containerID1 containerID2 containerID3\n{path} --all",
        Args = ArgsRule.Any,
        Options = [OptionSpec.Flag("all", 'a', "umount all of the currently mounted containers")],
        Action = BuildahActions.UmountAsync,
    };

    public static CommandSpec Rm() => new("rm", "Remove one or more working containers")
    {
        Aliases = ["delete"],
        Description = "\n  Removes one or more working containers, unmounting them if necessary.",
        Example = "{path} containerID\n{path} containerID1 containerID2 containerID3\n{path} --all",
        Args = ArgsRule.Any,
        Options = [OptionSpec.Flag("all", 'a', "remove all containers")],
        Action = BuildahActions.RmAsync,
    };

    public static CommandSpec Run() => new("run", "Run a command inside of the container")
    {
        Description = "\n  Runs a specified command using the container's root filesystem as a root\n  filesystem, using configuration settings inherited from the container's\n  image or as specified using previous calls to the config command.",
        Example = "{path} containerID -- ps -auxw\n{path} --terminal containerID /bin/bash\n{path} --volume /path/on/host:/path/in/container:ro,z containerID /bin/sh",
        Args = ArgsRule.Any,
        Interspersed = false,
        Options =
        [
            AddHistory,
            OptionSpec.Slice("cap-add", null, "add the specified capability (default [])"),
            OptionSpec.Slice("cap-drop", null, "drop the specified capability (default [])"),
            OptionSpec.Text("cgroupns", null, "'private', or 'host'"),
            OptionSpec.Text("contextdir", null, "context directory path"),
            OptionSpec.Array("env", 'e', "add environment variable to be set temporarily when running command (default [])"),
            OptionSpec.Text("hostname", null, "set the hostname inside of the container"),
            OptionSpec.Text("ipc", null, "'private', `path` of IPC namespace to join, or 'host'"),
            OptionSpec.Text("isolation", null, "`type` of process isolation to use. Use BUILDAH_ISOLATION environment variable to override."),
            OptionSpec.Array("mount", null, "attach a filesystem mount to the container (default [])"),
            OptionSpec.Text("network", null, "'private', 'none', 'ns:path' of network namespace to join, or 'host'"),
            OptionSpec.Flag("no-hosts", null, "do not override the /etc/hosts file within the container"),
            OptionSpec.Flag("no-pivot", null, "do not use pivot root to jail process inside rootfs"),
            OptionSpec.Text("pid", null, "private, `path` of PID namespace to join, or 'host'"),
            OptionSpec.Text("runtime", null, "`path` to an alternate OCI runtime", "runc"),
            OptionSpec.Slice("runtime-flag", null, "add global flags for the container runtime"),
            OptionSpec.Flag("terminal", 't', "allocate a pseudo-TTY in the container"),
            OptionSpec.Text("user", null, "`user[:group]` to run the command as"),
            OptionSpec.Text("uts", null, "private, :`path` of UTS namespace to join, or 'host'"),
            OptionSpec.Array("volume", 'v', "bind mount a host location into the container while running the command"),
            OptionSpec.Text("workingdir", null, "temporarily set working directory for command (default to container's workingdir)"),
        ],
        Action = BuildahActions.RunAsync,
    };
}
