namespace Berth.Templates;

internal delegate object? MethodBody(object receiver, ReadOnlySpan<object?> args);

/// <summary>A method of a built-in Go type (time.Time, time.Duration, time.Month): its parameters and body.</summary>
internal sealed class GoMethod(GoParameterType[] parameters, MethodBody body)
{
    public GoParameterType[] Parameters { get; } = parameters;

    public MethodBody Body { get; } = body;
}

/// <summary>The methods templates can call on Go's time.Time (<see cref="GoTimestamp"/>, <see cref="DateTimeOffset"/>)
/// and time.Duration (<see cref="TimeSpan"/>), e.g. <c>{{.Created.Format "2006-01-02"}}</c>, <c>{{.Created.Unix}}</c>.</summary>
internal static class BuiltinMethods
{
    private static readonly GoParameterType[] None = [];
    private static readonly GoParameterType[] OneString = [GoParameterType.String];
    private static readonly GoParameterType[] OneDuration = [GoParameterType.Duration];
    private static readonly GoParameterType[] OneTime = [GoParameterType.Time];

    private static readonly Dictionary<string, GoMethod> TimeMethods = new(StringComparer.Ordinal)
    {
        ["Format"] = new(OneString, static (r, a) => GoTime.Format(T(r), (string)a[0]!)),
        ["String"] = new(None, static (r, _) => GoTime.String(T(r))),
        ["Unix"] = new(None, static (r, _) => T(r).UnixSeconds),
        ["UnixNano"] = new(None, static (r, _) => T(r).UnixNanoseconds),
        ["UnixMilli"] = new(None, static (r, _) => T(r).UnixNanoseconds / 1_000_000),
        ["UnixMicro"] = new(None, static (r, _) => T(r).UnixNanoseconds / 1_000),
        ["Year"] = new(None, static (r, _) => T(r).WholeSeconds.Year),
        ["Month"] = new(None, static (r, _) => GoTime.Month(T(r))),
        ["Day"] = new(None, static (r, _) => T(r).WholeSeconds.Day),
        ["Hour"] = new(None, static (r, _) => T(r).WholeSeconds.Hour),
        ["Minute"] = new(None, static (r, _) => T(r).WholeSeconds.Minute),
        ["Second"] = new(None, static (r, _) => T(r).WholeSeconds.Second),
        ["Nanosecond"] = new(None, static (r, _) => T(r).Nanosecond),
        ["YearDay"] = new(None, static (r, _) => T(r).WholeSeconds.DayOfYear),
        ["Weekday"] = new(None, static (r, _) => GoTime.Weekday(T(r))),
        ["UTC"] = new(None, static (r, _) => T(r).ToOffset(TimeSpan.Zero)),
        ["Local"] = new(None, static (r, _) => T(r).ToOffset(TimeZoneInfo.Local.GetUtcOffset(T(r).DateTimeOffset))),
        ["IsZero"] = new(None, static (r, _) => T(r).IsZero),
        ["Add"] = new(OneDuration, static (r, a) => T(r).AddNanoseconds((long)a[0]!)),
        ["Sub"] = new(OneTime, static (r, a) => TimeSpan.FromTicks(T(r).SubtractNanoseconds((GoTimestamp)a[0]!) / 100)),
        ["Before"] = new(OneTime, static (r, a) => T(r) < (GoTimestamp)a[0]!),
        ["After"] = new(OneTime, static (r, a) => T(r) > (GoTimestamp)a[0]!),
        ["Equal"] = new(OneTime, static (r, a) => T(r) == (GoTimestamp)a[0]!),
    };

    private static readonly Dictionary<string, GoMethod> DurationMethods = new(StringComparer.Ordinal)
    {
        ["String"] = new(None, static (r, _) => GoTime.DurationString((TimeSpan)r)),
        ["Hours"] = new(None, static (r, _) => GoTime.Hours((TimeSpan)r)),
        ["Minutes"] = new(None, static (r, _) => GoTime.Minutes((TimeSpan)r)),
        ["Seconds"] = new(None, static (r, _) => GoTime.Seconds((TimeSpan)r)),
        ["Milliseconds"] = new(None, static (r, _) => ((TimeSpan)r).Ticks / TimeSpan.TicksPerMillisecond),
        ["Microseconds"] = new(None, static (r, _) => ((TimeSpan)r).Ticks / 10),
        ["Nanoseconds"] = new(None, static (r, _) => ((TimeSpan)r).Ticks * 100),
    };

    private static readonly GoMethod StringerString = new(None, static (r, _) => ((IGoStringer)r).GoString());

    private static GoTimestamp T(object r) => GoValues.TryGetTime(r, out var t) ? t : throw new InvalidCastException();

    public static bool TryGet(object receiver, string name, out GoMethod method)
    {
        switch (receiver)
        {
            case DateTimeOffset or DateTime or GoTimestamp:
                return TimeMethods.TryGetValue(name, out method!);
            case TimeSpan:
                return DurationMethods.TryGetValue(name, out method!);
            case GoNamedInt when name == "String":
                method = StringerString;
                return true;
        }
        method = null!;
        return false;
    }
}
