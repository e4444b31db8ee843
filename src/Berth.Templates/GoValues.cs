using System.Collections;

namespace Berth.Templates;

/// <summary>Go's invalid <c>reflect.Value</c>: "no value" (a missing map key, a field of nil data).</summary>
internal sealed class NoValue
{
    public static readonly NoValue Instance = new();

    private NoValue()
    {
    }

    public override string ToString() => "<no value>";
}

/// <summary>A value held in a slot whose static Go type is <c>interface {}</c> (a struct field declared
/// <c>interface{}</c>, an element of <c>[]interface {}</c>). Only error messages differ: Go names the static type,
/// e.g. <c>can't evaluate field X in type interface {}</c>. Elements of <c>[]interface {}</c> and
/// <c>map[string]interface {}</c> collections are wrapped automatically.</summary>
public sealed class GoInterface(object? value)
{
    public object? Value { get; } = value;
}

/// <summary>The reflect kinds the template engine distinguishes.</summary>
internal enum GoKind
{
    Invalid,
    Bool,
    Int,
    Uint,
    Float,
    String,
    Slice,
    Map,
    Complex,
    Struct,
    Pointer,
    Interface,
    Func,
    Other,
}

/// <summary>Classification, truth and type names of the .NET values that stand for Go values.</summary>
internal static class GoValues
{
    public const string InterfaceTypeName = "interface {}";

    public static GoKind KindOf(object? value) => value switch
    {
        null => GoKind.Interface,
        NoValue => GoKind.Invalid,
        GoInterface => GoKind.Interface,
        bool => GoKind.Bool,
        string => GoKind.String,
        int or long or short or sbyte or TimeSpan or char or GoNamedInt => GoKind.Int,
        uint or ulong or ushort or byte or nuint => GoKind.Uint,
        double or float => GoKind.Float,
        GoTypedNil n => n.IsPointer ? GoKind.Pointer : n.IsSlice ? GoKind.Slice : n.IsMap ? GoKind.Map : GoKind.Pointer,
        ITemplateObject o => o.GoTypeName.StartsWith('*') ? GoKind.Pointer : GoKind.Struct,
        DateTimeOffset or DateTime or GoTimestamp => GoKind.Struct,
        GoPointer => GoKind.Pointer,
        System.Numerics.Complex => GoKind.Complex,
        TemplateFunction => GoKind.Func,
        _ when GoMaps.IsMap(value) => GoKind.Map,
        IEnumerable => GoKind.Slice,
        _ => GoKind.Other,
    };

    /// <summary>Go's <c>indirectInterface</c>: the concrete value inside an interface, or "no value" for a nil interface.</summary>
    public static object? IndirectInterface(object? value) => value switch
    {
        null => NoValue.Instance,
        GoInterface slot => slot.Value ?? NoValue.Instance,
        _ => value,
    };

    /// <summary>Strips an interface slot, keeping a nil interface as null (what a function parameter of type interface{} receives).</summary>
    public static object? Concrete(object? value) => value switch
    {
        GoInterface slot => slot.Value,
        NoValue => null,
        _ => value,
    };

    /// <summary>The value an evaluated pipeline yields: Go unwraps <c>interface{}</c> results, so a nil one becomes "no value".</summary>
    public static object? PipelineResult(object? value) => value switch
    {
        null => NoValue.Instance,
        GoInterface slot => slot.Value ?? NoValue.Instance,
        _ => value,
    };

    public static bool IsNilLike(object? value) => value switch
    {
        null or NoValue => true,
        GoInterface slot => slot.Value is null,
        GoTypedNil => true,
        _ => false,
    };

    /// <summary>Go's <c>isTrue</c>: truth is "not the zero value"; ok is false for values with no truth.</summary>
    public static bool IsTrue(object? value, out bool ok)
    {
        ok = true;
        value = IndirectInterface(value);
        switch (value)
        {
            case NoValue:
                return false;
            case bool b:
                return b;
            case string s:
                return s.Length > 0;
            case int i:
                return i != 0;
            case long l:
                return l != 0;
            case short sh:
                return sh != 0;
            case sbyte sb:
                return sb != 0;
            case char c:
                return c != 0;
            case uint ui:
                return ui != 0;
            case ulong ul:
                return ul != 0;
            case ushort us:
                return us != 0;
            case byte by:
                return by != 0;
            case double d:
                return d != 0;
            case float f:
                return f != 0;
            case TimeSpan ts:
                return ts.Ticks != 0;
            case GoNamedInt g:
                return g.Value != 0;
            case GoTypedNil:
                return false;
            case System.Numerics.Complex z:
                return z != System.Numerics.Complex.Zero;
            case ITemplateObject:
            case DateTimeOffset:
            case DateTime:
            case GoTimestamp:
            case GoPointer:
            case TemplateFunction:
                return true;
        }
        if (GoMaps.IsMap(value))
        {
            return GoMaps.Count(value!) > 0;
        }
        if (value is ICollection collection)
        {
            return collection.Count > 0;
        }
        if (value is IEnumerable enumerable)
        {
            return enumerable.GetEnumerator().MoveNext();
        }
        ok = false;
        return false;
    }

    /// <summary>The Go type name of a value, as <c>reflect.Type.String()</c> prints it.</summary>
    public static string TypeName(object? value) => value switch
    {
        null => "<nil>",
        NoValue => "<invalid>",
        GoInterface slot => TypeName(slot.Value),
        IGoTyped typed => typed.GoTypeName,
        string => "string",
        bool => "bool",
        int => "int",
        long => "int64",
        short => "int16",
        sbyte => "int8",
        char => "int32",
        uint => "uint32",
        ulong => "uint64",
        ushort => "uint16",
        byte => "uint8",
        nuint => "uintptr",
        double => "float64",
        float => "float32",
        DateTimeOffset or DateTime or GoTimestamp => "time.Time",
        System.Numerics.Complex => "complex128",
        TimeSpan => "time.Duration",
        TemplateFunction => "func(...interface {}) interface {}",
        IReadOnlyList<string> or IEnumerable<string> => "[]string",
        _ when GoMaps.IsMap(value) => GoMaps.TypeName(value),
        IEnumerable<int> => "[]int",
        IEnumerable<long> => "[]int64",
        IEnumerable<bool> => "[]bool",
        IEnumerable<double> => "[]float64",
        IEnumerable<byte> => "[]uint8",
        IEnumerable e => SliceTypeName(e),
        _ => "string",
    };

    private static string SliceTypeName(IEnumerable e)
    {
        if (IsInterfaceList(e))
        {
            return "[]" + InterfaceTypeName;
        }
        foreach (var item in e)
        {
            return item is IGoTyped typed ? "[]" + typed.GoTypeName : "[]" + InterfaceTypeName;
        }
        return "[]" + InterfaceTypeName;
    }

    /// <summary>The static element type of a slice or map type name, e.g. <c>interface {}</c> for <c>[]interface {}</c>.</summary>
    public static bool HasInterfaceElements(object collection)
    {
        if (collection is IGoTyped typed)
        {
            return typed.GoTypeName.EndsWith("]" + InterfaceTypeName, StringComparison.Ordinal);
        }
        return IsInterfaceList(collection);
    }

    private static bool IsInterfaceList(object collection) =>
        collection is List<object?> or IDictionary<string, object?> or IReadOnlyDictionary<string, object?>
        || (collection is object?[] && collection is not IEnumerable<string> && collection is not IEnumerable<IGoTyped>);

    // ---- slices ----

    public static int ListCount(object list) => list switch
    {
        ICollection c => c.Count,
        IReadOnlyCollection<object?> r => r.Count,
        GoTypedNil => 0,
        IEnumerable e => Materialize(e).Count,
        _ => 0,
    };

    public static object? ListItem(object list, int index) => list switch
    {
        IList l => l[index],
        IReadOnlyList<object?> r => r[index],
        IEnumerable e => Materialize(e)[index],
        _ => throw new InvalidOperationException("not a list"),
    };

    public static IList Materialize(IEnumerable e)
    {
        if (e is IList list)
        {
            return list;
        }
        var result = new List<object?>();
        foreach (var item in e)
        {
            result.Add(item);
        }
        return result;
    }

    /// <summary>A Go <c>time.Time</c> value in any of its .NET forms.</summary>
    public static bool TryGetTime(object? v, out GoTimestamp time)
    {
        switch (v)
        {
            case GoTimestamp t:
                time = t;
                return true;
            case DateTimeOffset dto:
                time = dto;
                return true;
            case DateTime dt:
                time = new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc));
                return true;
        }
        time = default;
        return false;
    }

    public static bool IsIntegerLike(object? v) => KindOf(v) is GoKind.Int or GoKind.Uint;

    public static long ToInt64(object v) => v switch
    {
        int i => i,
        long l => l,
        short s => s,
        sbyte sb => sb,
        char c => c,
        uint ui => ui,
        ulong ul => unchecked((long)ul),
        ushort us => us,
        byte b => b,
        nuint n => (long)n,
        TimeSpan ts => ts.Ticks * 100,
        GoNamedInt g => g.Value,
        _ => throw new InvalidCastException(),
    };

    public static ulong ToUInt64(object v) => v switch
    {
        uint ui => ui,
        ulong ul => ul,
        ushort us => us,
        byte b => b,
        nuint n => n,
        _ => unchecked((ulong)ToInt64(v)),
    };

    public static double ToDouble(object v) => v switch
    {
        double d => d,
        float f => f,
        _ => throw new InvalidCastException(),
    };
}
