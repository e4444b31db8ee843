using System.Globalization;

namespace Berth.Storage.Staging;

/// <summary>
/// A process named so that a recycled PID is not mistaken for it: the PID plus the start time in clock ticks since boot
/// (field 22 of <c>/proc/&lt;pid&gt;/stat</c>).
/// </summary>
internal readonly record struct ProcessIdentity(int Pid, ulong StartTime)
{
    private static readonly Lazy<ProcessIdentity> SelfIdentity = new(() =>
        Of(Environment.ProcessId) ?? throw new InvalidOperationException("cannot read /proc/self/stat"));

    public static ProcessIdentity Current => SelfIdentity.Value;

    /// <summary>The identity of a running process, or null when there is none with that PID.</summary>
    public static ProcessIdentity? Of(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // comm may hold spaces and parentheses: the fields after it start after the last ')'.
        var rest = text.AsSpan(text.LastIndexOf(')') + 2);
        var field = 3;
        foreach (var range in rest.Split(' '))
        {
            if (field == 22)
            {
                return ulong.TryParse(rest[range], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                    ? new ProcessIdentity(pid, start)
                    : null;
            }

            field++;
        }

        return null;
    }

    /// <summary>Whether this very process (same PID and start time) is still running.</summary>
    public bool IsAlive => Of(Pid) == this;

    public override string ToString() => $"{Pid.ToString(CultureInfo.InvariantCulture)}.{StartTime.ToString(CultureInfo.InvariantCulture)}";
}
