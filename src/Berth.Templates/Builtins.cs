using System.Text;

namespace Berth.Templates;

/// <summary>Go's <c>text/template</c> builtin functions: and, or, not, len, index, slice, print, printf, println,
/// eq, ne, lt, le, gt, ge, html, js, urlquery, call.</summary>
internal static partial class Builtins
{
    private const GoParameterType V = GoParameterType.Value;
    private const GoParameterType A = GoParameterType.Any;

    public static readonly IReadOnlyDictionary<string, TemplateFunction> Functions = new Dictionary<string, TemplateFunction>(StringComparer.Ordinal)
    {
        ["and"] = TemplateFunction.Variadic(static _ => throw new InvalidOperationException("unreachable"), V, V),
        ["or"] = TemplateFunction.Variadic(static _ => throw new InvalidOperationException("unreachable"), V, V),
        ["not"] = new(static a => Box(!Truth(a[0])), V),
        ["len"] = new(static a => Length(a[0]), V),
        ["index"] = TemplateFunction.Variadic(static a => Index(a[0], a[1..]), V, V),
        ["slice"] = TemplateFunction.Variadic(static a => Slice(a[0], a[1..]), V, V),
        ["print"] = TemplateFunction.Variadic(static a => Sprint(a), A),
        ["printf"] = TemplateFunction.Variadic(static a => Sprintf((string)a[0]!, a[1..]), GoParameterType.String, A),
        ["println"] = TemplateFunction.Variadic(static a => Sprintln(a), A),
        ["eq"] = TemplateFunction.Variadic(static a => Box(Eq(a[0], a[1..])), V, V),
        ["ne"] = new(static a => Box(!Eq(a[0], a[1..])), V, V),
        ["lt"] = new(static a => Box(Lt(a[0], a[1])), V, V),
        ["le"] = new(static a => Box(Le(a[0], a[1])), V, V),
        ["gt"] = new(static a => Box(!Le(a[0], a[1])), V, V),
        ["ge"] = new(static a => Box(!Lt(a[0], a[1])), V, V),
        ["html"] = TemplateFunction.Variadic(static a => HtmlEscape(EvalArgs(a)), A),
        ["js"] = TemplateFunction.Variadic(static a => JsEscape(EvalArgs(a)), A),
        ["urlquery"] = TemplateFunction.Variadic(static a => UrlQueryEscape(EvalArgs(a)), A),
        ["call"] = TemplateFunction.Variadic(static a => Call(a[0], a[1..]), V, V),
    };

    public static bool Truth(object? v) => GoValues.IsTrue(GoValues.IndirectInterface(v), out _);

    [ThreadStatic]
    private static GoPrinter? s_printer;

    private static GoPrinter RentPrinter() => Interlocked.Exchange(ref s_printer, null) ?? new GoPrinter(new StringBuilder(64));

    private static string Finish(GoPrinter p)
    {
        string result = p.ToString();
        if (p.Reset())
        {
            s_printer = p;
        }
        return result;
    }

    private static string Sprint(ReadOnlySpan<object?> a)
    {
        var p = RentPrinter();
        p.DoPrint(a);
        return Finish(p);
    }

    private static string Sprintln(ReadOnlySpan<object?> a)
    {
        var p = RentPrinter();
        p.DoPrintln(a);
        return Finish(p);
    }

    private static string Sprintf(string format, ReadOnlySpan<object?> a)
    {
        var p = RentPrinter();
        p.DoPrintf(format, a);
        return Finish(p);
    }

    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;

    internal static object Box(bool value) => value ? BoxedTrue : BoxedFalse;

    private static TemplateFunctionException Fail(string message) => new(message);

    /// <summary>Go's <c>indirect</c> for a builtin argument: through interfaces and pointers to the value inside.</summary>
    private static object? Indirect(object? v, out bool isNil)
    {
        isNil = false;
        switch (v)
        {
            case null:
                isNil = true;
                return null;
            case GoInterface slot:
                return Indirect(slot.Value, out isNil);
            case GoTypedNil n when n.IsPointer:
                isNil = true;
                return v;
            case GoPointer p:
                return Indirect(p.Target, out isNil);
        }
        return v;
    }

    /// <summary>The type Go reports for a value reached through <c>indirect</c> (a pointer to struct is the struct).</summary>
    private static string IndirectTypeName(object? v) =>
        v is ITemplateObject o ? o.GoTypeName.TrimStart('*') : GoValues.TypeName(v);

    private static int Length(object? item)
    {
        item = Indirect(item, out bool isNil);
        if (isNil)
        {
            throw Fail("len of nil pointer");
        }
        switch (item)
        {
            case NoValue:
                throw Fail("reflect: call of reflect.Value.Type on zero Value");
            case string s:
                return GoStrconv.Utf8Length(s);
        }
        switch (GoValues.KindOf(item))
        {
            case GoKind.Map:
                return item is GoTypedNil ? 0 : GoMaps.Count(item!);
            case GoKind.Slice:
                return item is GoTypedNil ? 0 : GoValues.ListCount(item!);
        }
        throw Fail($"len of type {IndirectTypeName(item)}");
    }

    private static int IndexArg(object? index, int cap)
    {
        long x;
        switch (GoValues.KindOf(index))
        {
            case GoKind.Int:
                x = GoValues.ToInt64(index!);
                break;
            case GoKind.Uint:
                x = unchecked((long)GoValues.ToUInt64(index!));
                break;
            case GoKind.Invalid:
                throw Fail("cannot index slice/array with nil");
            default:
                throw Fail($"cannot index slice/array with type {GoValues.TypeName(index)}");
        }
        if (x < 0 || x > cap)
        {
            throw Fail($"index out of range: {x}");
        }
        return (int)x;
    }

    private static object? Index(object? item, ReadOnlySpan<object?> indexes)
    {
        item = GoValues.IndirectInterface(item);
        if (item is NoValue)
        {
            throw Fail("index of untyped nil");
        }
        foreach (var rawIndex in indexes)
        {
            object? index = GoValues.IndirectInterface(rawIndex);
            item = Indirect(item, out bool isNil);
            if (isNil)
            {
                throw Fail("index of nil pointer");
            }
            switch (item)
            {
                case string s:
                    {
                        byte[] bytes = Encoding.UTF8.GetBytes(s);
                        int x = IndexArg(index, bytes.Length);
                        if (x >= bytes.Length)
                        {
                            throw Fail("reflect: string index out of range");
                        }
                        item = bytes[x];
                        continue;
                    }
            }
            switch (GoValues.KindOf(item))
            {
                case GoKind.Slice:
                    {
                        int count = item is GoTypedNil ? 0 : GoValues.ListCount(item!);
                        int x = IndexArg(index, count);
                        if (x >= count)
                        {
                            throw Fail("reflect: slice index out of range");
                        }
                        object? elem = GoValues.ListItem(item!, x);
                        item = GoValues.HasInterfaceElements(item!) ? new GoInterface(elem) : elem;
                        continue;
                    }
                case GoKind.Map:
                    {
                        if (index is NoValue)
                        {
                            throw Fail($"value is nil; should be of type {MapKeyType(item!)}");
                        }
                        if (item is GoTypedNil)
                        {
                            item = GoMaps.ZeroElement(item);
                            continue;
                        }
                        if (index is not string && MapKeyType(item!) == "string")
                        {
                            throw Fail($"value has type {GoValues.TypeName(index)}; should be string");
                        }
                        if (GoMaps.TryLookupAny(item!, index!, out var found))
                        {
                            item = GoValues.HasInterfaceElements(item!) ? new GoInterface(found) : found;
                        }
                        else
                        {
                            item = GoMaps.ZeroElement(item!);
                        }
                        continue;
                    }
            }
            throw Fail($"can't index item of type {GoValues.TypeName(item)}");
        }
        return item;
    }

    private static string MapKeyType(object map)
    {
        string name = GoMaps.TypeName(map);
        int close = name.IndexOf(']', StringComparison.Ordinal);
        return name.StartsWith("map[", StringComparison.Ordinal) && close > 4 ? name[4..close] : "string";
    }

    private static object? Slice(object? item, ReadOnlySpan<object?> indexes)
    {
        item = GoValues.IndirectInterface(item);
        if (item is NoValue)
        {
            throw Fail("slice of untyped nil");
        }
        if (indexes.Length > 3)
        {
            throw Fail($"too many slice indexes: {indexes.Length}");
        }
        int cap;
        byte[]? bytes = null;
        System.Collections.IList? list = null;
        if (item is string s)
        {
            if (indexes.Length == 3)
            {
                throw Fail("cannot 3-index slice a string");
            }
            bytes = Encoding.UTF8.GetBytes(s);
            cap = bytes.Length;
        }
        else if (GoValues.KindOf(item) == GoKind.Slice)
        {
            list = item is GoTypedNil ? Array.Empty<object?>() : GoValues.Materialize((System.Collections.IEnumerable)item!);
            cap = list.Count;
        }
        else
        {
            throw Fail($"can't slice item of type {GoValues.TypeName(item)}");
        }
        Span<int> idx = [0, cap, 0];
        for (int i = 0; i < indexes.Length; i++)
        {
            idx[i] = IndexArg(GoValues.IndirectInterface(indexes[i]), cap);
        }
        if (idx[0] > idx[1])
        {
            throw Fail($"invalid slice index: {idx[0]} > {idx[1]}");
        }
        if (indexes.Length == 3 && idx[1] > idx[2])
        {
            throw Fail($"invalid slice index: {idx[1]} > {idx[2]}");
        }
        if (bytes is not null)
        {
            return Encoding.UTF8.GetString(bytes, idx[0], idx[1] - idx[0]);
        }
        if (item is IReadOnlyList<string> strings)
        {
            var result = new string[idx[1] - idx[0]];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = strings[idx[0] + i];
            }
            return result;
        }
        var items = new object?[idx[1] - idx[0]];
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = list![idx[0] + i];
        }
        return new GoSlice(GoValues.TypeName(item), items);
    }
}
