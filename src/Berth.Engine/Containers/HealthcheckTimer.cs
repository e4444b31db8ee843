using System.Collections;
using Berth.Platform.Processes;

namespace Berth.Engine.Containers;

/// <summary>
/// Starts the helper that runs a container's healthcheck on its interval (podman asks systemd for a transient timer;
/// Berth has no daemon and cannot count on systemd, see docs/healthchecks.md): <c>berth … healthcheck timer ID</c> in a
/// session of its own, stdio on /dev/null, so it outlives the command that started the container and holds no
/// terminal or pipe of its caller.
/// </summary>
internal static class HealthcheckTimer
{
    public static void Start(IReadOnlyList<string> argv)
    {
        var env = new List<string>();
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            env.Add($"{e.Key}={e.Value}");
        }

        using var devNullRead = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Read);
        using var devNullWrite = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Write);
        InheritedDescriptor[] descriptors = [new(devNullRead, 0), new(devNullWrite, 1), new(devNullWrite, 2)];
        var pid = NativeSpawn.Spawn(argv[0], argv, env, descriptors, newProcessGroup: true, newSession: true);

        // Reaped here should this command live longer than the helper (an attached run); otherwise init adopts it.
        _ = Task.Factory.StartNew(() => NativeSpawn.WaitForExit(pid), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }
}
