using System.Globalization;

namespace Berth.Runtime.Conmon;

/// <summary>conmon's command line and environment, argument for argument as podman 4.3 builds them (but for <c>--sync</c> at create).</summary>
public static class ConmonArguments
{
    /// <summary>The log driver conmon is given (<c>-l</c>): podman maps json-file and unknown drivers to k8s-file.</summary>
    public static string LogDriverArgument(string driver, string logPath) => driver switch
    {
        "journald" or "none" or "passthrough" => driver,
        _ => $"k8s-file:{logPath}",
    };

    /// <summary>The argv (without the program) for <c>conmon</c> creating the container in <paramref name="o"/>.</summary>
    public static List<string> ForCreate(string runtimePath, string runtimeRoot, ConmonOptions o, string ociLogPath)
    {
        var args = Shared(o.ContainerId, o.ContainerId, runtimePath, runtimeRoot, o.BundlePath, o.PidFile, o.Name, o.ExitDir);
        if (o.SystemdCgroup)
        {
            args.Add("-s");
        }

        args.Add("-l");
        args.Add(LogDriverArgument(o.LogDriver, o.LogPath ?? Path.Combine(o.BundlePath, "ctr.log")));
        args.Add("--log-level");
        args.Add(o.LogLevel);
        if (o.LogLevel == "debug")
        {
            args.Add("--syslog");
        }

        if (o.LogSizeMax > 0)
        {
            args.Add("--log-size-max");
            args.Add(o.LogSizeMax.ToString(CultureInfo.InvariantCulture));
        }

        if (o.NoSyncLog)
        {
            args.Add("--no-sync-log");
        }

        AddRuntimeLog(args, ociLogPath);
        if (!string.IsNullOrEmpty(o.LogTag))
        {
            args.Add("--log-tag");
            args.Add(o.LogTag);
        }

        args.Add("--socket-dir-path");
        args.Add(o.SocketDir);
        if (o.PersistDir is not null)
        {
            args.Add("--persist-dir");
            args.Add(o.PersistDir);
        }

        if (o.Terminal)
        {
            args.Add("-t");
        }
        else if (o.Stdin)
        {
            args.Add("-i");
        }

        if (o.LeaveStdinOpen)
        {
            args.Add("--leave-stdin-open");
        }

        if (o.TimeoutSeconds > 0)
        {
            args.Add(string.Create(CultureInfo.InvariantCulture, $"--timeout={o.TimeoutSeconds}"));
        }

        // podman passes --conmon-pidfile and lets conmon double-fork. --sync keeps the process Berth starts (in a
        // session of its own) as the monitor instead: the fork, and the copy-on-write faults of the monitor's whole
        // set-up after it, were ~3 ms between the start signal and the runtime's start. Berth writes the pid file.
        args.Add("--sync");
        AddExitCommand(args, o.ExitCommand, o.ExitCommandDelaySeconds);
        return args;
    }

    /// <summary>The argv for <c>conmon --exec</c> running <paramref name="processSpecPath"/> in a running container.</summary>
    public static List<string> ForExec(string runtimePath, string runtimeRoot, ExecOptions o, string processSpecPath)
    {
        var dir = o.SessionDirectory;
        var ociLog = Path.Combine(dir, "oci-log");
        var args = Shared(o.ContainerId, o.SessionId, runtimePath, runtimeRoot, dir, Path.Combine(dir, "exec_pid"), o.ContainerName, o.ExitDir);
        args.Add("-l");
        args.Add("none");
        args.Add("--log-level");
        args.Add(o.LogLevel);
        if (o.LogLevel == "debug")
        {
            args.Add("--syslog");
        }

        AddRuntimeLog(args, ociLog);
        if (o.Process.Terminal == true)
        {
            args.Add("-t");
        }

        if (o.Stdin)
        {
            args.Add("-i");
        }

        args.Add("-e");
        if (o.Attach)
        {
            args.Add("--exec-attach");
        }

        args.Add("--exec-process-spec");
        args.Add(processSpecPath);
        AddExitCommand(args, o.ExitCommand, o.ExitCommandDelaySeconds);
        return args;
    }

    /// <summary>
    /// conmon's environment as podman's configureConmonEnv builds it (LC_*, PATH, CONTAINERS_CONF,
    /// CONTAINERS_HELPER_BINARY_DIR, HOME), then <paramref name="extra"/>, then the pipe numbers.
    /// </summary>
    public static List<string> Environment(IReadOnlyDictionary<string, string> extra, bool attachPipe)
    {
        var env = new List<string>();
        foreach (System.Collections.DictionaryEntry e in System.Environment.GetEnvironmentVariables())
        {
            var key = (string)e.Key;
            if (key.StartsWith("LC_", StringComparison.Ordinal) && !extra.ContainsKey(key))
            {
                env.Add($"{key}={e.Value}");
            }
        }

        foreach (var key in new[] { "PATH", "CONTAINERS_CONF", "CONTAINERS_HELPER_BINARY_DIR", "HOME" })
        {
            if (System.Environment.GetEnvironmentVariable(key) is { } value && !extra.ContainsKey(key))
            {
                env.Add($"{key}={value}");
            }
        }

        foreach (var (key, value) in extra)
        {
            env.Add($"{key}={value}");
        }

        env.Add($"_OCI_SYNCPIPE={SyncPipeFd}");
        env.Add($"_OCI_STARTPIPE={StartPipeFd}");
        if (attachPipe)
        {
            env.Add($"_OCI_ATTACHPIPE={AttachPipeFd}");
        }

        return env;
    }

    /// <summary>The descriptor numbers conmon finds its pipes at (no preserved descriptors: 3, 4, 5 as in podman).</summary>
    internal const int SyncPipeFd = 3;
    internal const int StartPipeFd = 4;
    internal const int AttachPipeFd = 5;

    private static List<string> Shared(string id, string uuid, string runtimePath, string runtimeRoot, string bundle, string pidFile, string name, string exitDir)
    {
        return
        [
            "--api-version", "1",
            "-c", id,
            "-u", uuid,
            "-r", runtimePath,
            "-b", bundle,
            "-p", pidFile,
            "-n", name,
            "--exit-dir", exitDir,
            "--full-attach",
            "--runtime-arg", "--root",
            "--runtime-arg", runtimeRoot,
        ];
    }

    private static void AddRuntimeLog(List<string> args, string ociLogPath)
    {
        args.Add("--runtime-arg");
        args.Add("--log-format=json");
        args.Add("--runtime-arg");
        args.Add("--log");
        args.Add($"--runtime-arg={ociLogPath}");
    }

    private static void AddExitCommand(List<string> args, IReadOnlyList<string> command, int delaySeconds)
    {
        if (command.Count == 0)
        {
            return;
        }

        args.Add("--exit-command");
        args.Add(command[0]);
        for (var i = 1; i < command.Count; i++)
        {
            args.Add("--exit-command-arg");
            args.Add(command[i]);
        }

        if (delaySeconds > 0)
        {
            args.Add("--exit-delay");
            args.Add(delaySeconds.ToString(CultureInfo.InvariantCulture));
        }
    }
}
