namespace Berth.Engine.Containers;

/// <summary>
/// Where a container's files live. Under the run root (tmpfs, gone after a reboot): the bundle/userdata directory
/// (config.json, pid files, conmon's ctl and winsz fifos, hosts, hostname, resolv.conf, .containerenv, oci-log), conmon's
/// exit files and attach sockets, runc's state and the per-container locks. Under the graph root (kept): the log.
/// </summary>
public sealed class ContainerPaths(EngineSettings settings)
{
    public string RunRoot => settings.RunRoot;

    public string ExitDir => Path.Combine(settings.RunRoot, "exits");

    public string SocketDir => Path.Combine(settings.RunRoot, "socket");

    public string RuntimeRoot => Path.Combine(settings.RunRoot, "runtime");

    public string LocksDir => Path.Combine(settings.RunRoot, "locks");

    /// <summary>Exists while the run root belongs to this boot; its absence after a reboot triggers the refresh.</summary>
    public string AliveFile => Path.Combine(settings.RunRoot, "alive");

    public string RunDir(string id) => Path.Combine(settings.RunRoot, "containers", id);

    public string Bundle(string id) => Path.Combine(RunDir(id), "userdata");

    public string StaticDir(string id) => Path.Combine(settings.GraphRoot, "userdata", id);

    public string DefaultLogPath(string id) => Path.Combine(StaticDir(id), "ctr.log");

    public string LockFile(string id) => Path.Combine(LocksDir, $"container-{id}.lock");

    public string ExitFile(string id) => Path.Combine(ExitDir, id);
}
