using System.Globalization;
using Berth.Platform.Interop;

namespace Berth.Platform.Host;

/// <summary>Children of another process (<c>/proc/&lt;pid&gt;/task/&lt;tid&gt;/children</c>, proc(5)).</summary>
public static class ChildProcesses
{
    private const int Sigkill = 9;

    /// <summary>The children of every thread of <paramref name="pid"/>; empty when it is gone or the kernel does not list them.</summary>
    public static IReadOnlyList<int> Of(int pid)
    {
        var children = new List<int>();
        var tasks = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task";
        if (pid <= 0 || !Directory.Exists(tasks))
        {
            return children;
        }

        try
        {
            foreach (var task in Directory.EnumerateDirectories(tasks))
            {
                var list = Path.Combine(task, "children");
                var text = File.Exists(list) ? File.ReadAllText(list) : "";
                foreach (var field in text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var child))
                    {
                        children.Add(child);
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process ended while it was looked at.
        }

        return children;
    }

    /// <summary>SIGKILL to <paramref name="pid"/>; false when there is no such process (or it may not be signalled).</summary>
    public static bool Kill(int pid) => pid > 0 && Libc.Kill(pid, Sigkill) == 0;
}
