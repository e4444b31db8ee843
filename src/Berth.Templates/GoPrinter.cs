using System.Text;

namespace Berth.Templates;

/// <summary>One formatting run (Go's <c>pp</c> + <c>fmt</c>).</summary>
internal sealed partial class GoPrinter
{
    /// <summary>Go prints a nested pointer as its address; the engine has none, so it prints this stand-in.</summary>
    internal const string PointerStandIn = "0xc000010000";

    private const string LowerDigits = "0123456789abcdefx";
    private const string UpperDigits = "0123456789ABCDEFX";

    private readonly StringBuilder _buf;

    private bool _widPresent;
    private bool _precPresent;
    private bool _minus;
    private bool _plus;
    private bool _sharp;
    private bool _space;
    private bool _zero;
    private bool _plusV;
    private bool _sharpV;
    private int _wid;
    private int _prec;
    private bool _erroring;

    public GoPrinter(StringBuilder buf) => _buf = buf;

    public override string ToString() => _buf.ToString();

    /// <summary>Clears the buffer for reuse; false when it grew too large to keep.</summary>
    public bool Reset()
    {
        ClearFlags();
        _erroring = false;
        if (_buf.Capacity > 4096)
        {
            return false;
        }
        _buf.Clear();
        return true;
    }

    private void ClearFlags()
    {
        _widPresent = _precPresent = _minus = _plus = _sharp = _space = _zero = _plusV = _sharpV = false;
        _wid = _prec = 0;
    }

    // ---- entry points ----

    public void DoPrint(ReadOnlySpan<object?> a)
    {
        bool prevString = false;
        for (int i = 0; i < a.Length; i++)
        {
            object? arg = GoValues.Concrete(a[i]);
            bool isString = arg is string;
            if (i > 0 && !isString && !prevString)
            {
                _buf.Append(' ');
            }
            PrintArg(arg, 'v');
            prevString = isString;
        }
    }

    public void DoPrintln(ReadOnlySpan<object?> a)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if (i > 0)
            {
                _buf.Append(' ');
            }
            PrintArg(GoValues.Concrete(a[i]), 'v');
        }
        _buf.Append('\n');
    }

    /// <summary>What a template action prints: Go's <c>printValue</c> strips one pointer level, then <c>fmt.Fprint</c>.</summary>
    public void PrintTemplateValue(object? value)
    {
        ClearFlags();
        value = GoValues.Concrete(value);
        if (value is IGoAddressableStringer addressable && value is not IGoStringer)
        {
            PrintArg(addressable.GoAddressString(), 'v');
            return;
        }

        if (value is ITemplateObject obj && obj.GoTypeName.StartsWith('*') && obj is not IGoStringer)
        {
            PrintStruct(obj, 'v', 0);
            return;
        }
        while (value is GoPointer p)
        {
            value = p.Target;
        }
        PrintArg(value, 'v');
    }

    // ---- printing one operand ----

    public void PrintArg(object? arg, int verb)
    {
        if (arg is null or NoValue)
        {
            if (verb is 'T' or 'v')
            {
                PadString("<nil>");
            }
            else
            {
                BadVerb(verb, null);
            }
            return;
        }
        if (verb == 'T')
        {
            FmtS(GoValues.TypeName(arg));
            return;
        }
        if (verb == 'p')
        {
            FmtPointer(arg, 'p');
            return;
        }
        switch (arg)
        {
            case bool b:
                FmtBool(b, verb, arg);
                return;
            case double d:
                FmtFloat(d, 64, verb, arg);
                return;
            case float f:
                FmtFloat(f, 32, verb, arg);
                return;
            case string s:
                FmtString(s, verb, arg);
                return;
            case int or long or short or sbyte or char:
                FmtInteger(unchecked((ulong)GoValues.ToInt64(arg)), true, verb, arg);
                return;
            case uint or ulong or ushort or byte or nuint:
                FmtInteger(GoValues.ToUInt64(arg), false, verb, arg);
                return;
            case System.Numerics.Complex z:
                FmtComplex(z, verb, arg);
                return;
        }
        if (!HandleMethods(arg, verb))
        {
            PrintValue(arg, verb, 0);
        }
    }

    private static string? StringerText(object value) => value switch
    {
        IGoStringer s => s.GoString(),
        GoPointer p => StringerText(p.Target),
        TimeSpan ts => GoTime.DurationString(ts),
        _ when GoValues.TryGetTime(value, out var t) => GoTime.String(t),
        _ => null,
    };

    private bool HandleMethods(object arg, int verb)
    {
        if (_erroring || _sharpV)
        {
            return false;
        }
        if (verb is 'v' or 's' or 'x' or 'X' or 'q')
        {
            string? text = StringerText(arg);
            if (text is not null)
            {
                FmtString(text, verb, arg);
                return true;
            }
        }
        return false;
    }

    private void PrintValue(object? value, int verb, int depth)
    {
        if (depth > 0 && value is not null && value is not NoValue && HandleMethods(value, verb))
        {
            return;
        }
        value = value is GoInterface slot ? slot.Value : value;
        switch (value)
        {
            case NoValue:
                if (depth == 0)
                {
                    _buf.Append("<invalid reflect.Value>");
                }
                else if (verb == 'v')
                {
                    _buf.Append("<nil>");
                }
                else
                {
                    BadVerb(verb, null);
                }
                return;
            case null:
                if (_sharpV)
                {
                    _buf.Append("interface {}(nil)");
                }
                else if (verb == 'v')
                {
                    _buf.Append("<nil>");
                }
                else
                {
                    BadVerb(verb, null);
                }
                return;
            case bool or double or float or string or int or long or short or sbyte or char or uint or ulong or ushort or byte or nuint:
                PrintArgNoMethods(value, verb);
                return;
            case TimeSpan or GoNamedInt:
                FmtInteger(unchecked((ulong)GoValues.ToInt64(value)), true, verb, value);
                return;
            case GoTypedNil n:
                if (n.IsSlice)
                {
                    _buf.Append(_sharpV ? n.GoTypeName + "(nil)" : "[]");
                }
                else if (n.IsMap)
                {
                    _buf.Append(_sharpV ? n.GoTypeName + "(nil)" : "map[]");
                }
                else
                {
                    FmtPointer(n, verb);
                }
                return;
            case ITemplateObject obj:
                if (obj.GoTypeName.StartsWith('*'))
                {
                    if (depth == 0)
                    {
                        _buf.Append('&');
                        PrintStruct(obj, verb, depth + 1);
                        return;
                    }
                    FmtPointer(obj, verb);
                    return;
                }
                PrintStruct(obj, verb, depth);
                return;
            case DateTimeOffset or DateTime or GoTimestamp:
                FmtString(StringerText(value)!, 's', value);
                return;
            case System.Numerics.Complex z:
                FmtComplex(z, verb, value);
                return;
            case GoPointer p:
                if (depth == 0 && (p.Target is ITemplateObject || GoMaps.IsMap(p.Target) || (p.Target is System.Collections.IEnumerable && p.Target is not string)))
                {
                    _buf.Append('&');
                    PrintValue(p.Target, verb, depth + 1);
                    return;
                }
                FmtPointer(p, verb);
                return;
            case TemplateFunction:
                FmtPointer(value, verb);
                return;
        }
        if (GoMaps.IsMap(value))
        {
            PrintMap(value!, verb, depth);
            return;
        }
        if (value is System.Collections.IEnumerable enumerable)
        {
            PrintSlice(enumerable, verb, depth);
            return;
        }
        FmtString(value.ToString() ?? string.Empty, 's', value);
    }

    private void PrintArgNoMethods(object value, int verb)
    {
        switch (value)
        {
            case bool b:
                FmtBool(b, verb, value);
                return;
            case double d:
                FmtFloat(d, 64, verb, value);
                return;
            case float f:
                FmtFloat(f, 32, verb, value);
                return;
            case string s:
                FmtString(s, verb, value);
                return;
            case uint or ulong or ushort or byte or nuint:
                FmtInteger(GoValues.ToUInt64(value), false, verb, value);
                return;
            default:
                FmtInteger(unchecked((ulong)GoValues.ToInt64(value)), true, verb, value);
                return;
        }
    }

    private void PrintStruct(ITemplateObject obj, int verb, int depth)
    {
        if (_sharpV)
        {
            _buf.Append(obj.GoTypeName.TrimStart('*'));
        }
        _buf.Append('{');
        var names = obj.FieldNames;
        for (int i = 0; i < names.Count; i++)
        {
            if (i > 0)
            {
                _buf.Append(_sharpV ? ", " : " ");
            }
            if (_plusV || _sharpV)
            {
                _buf.Append(names[i]).Append(':');
            }
            obj.TryGetField(names[i], out var fieldValue);
            PrintValue(fieldValue, verb, depth + 1);
        }
        _buf.Append('}');
    }

    private void PrintMap(object map, int verb, int depth)
    {
        if (_sharpV)
        {
            _buf.Append(GoValues.TypeName(map)).Append('{');
        }
        else
        {
            _buf.Append("map[");
        }
        var entries = GoMaps.SortedEntries(map);
        for (int i = 0; i < entries.Count; i++)
        {
            if (i > 0)
            {
                _buf.Append(_sharpV ? ", " : " ");
            }
            PrintValue(entries[i].Key, verb, depth + 1);
            _buf.Append(':');
            PrintValue(entries[i].Value, verb, depth + 1);
        }
        _buf.Append(_sharpV ? '}' : ']');
    }

    private void PrintSlice(System.Collections.IEnumerable list, int verb, int depth)
    {
        if (_sharpV)
        {
            _buf.Append(GoValues.TypeName(list)).Append('{');
            bool first = true;
            foreach (var item in list)
            {
                if (!first)
                {
                    _buf.Append(", ");
                }
                first = false;
                PrintValue(item, verb, depth + 1);
            }
            _buf.Append('}');
            return;
        }
        _buf.Append('[');
        bool firstItem = true;
        foreach (var item in list)
        {
            if (!firstItem)
            {
                _buf.Append(' ');
            }
            firstItem = false;
            PrintValue(item, verb, depth + 1);
        }
        _buf.Append(']');
    }

    private void BadVerb(int verb, object? value)
    {
        _erroring = true;
        _buf.Append("%!").Append(RuneString(verb)).Append('(');
        if (value is null)
        {
            _buf.Append("<nil>");
        }
        else
        {
            _buf.Append(GoValues.TypeName(value)).Append('=');
            PrintArg(value, 'v');
        }
        _buf.Append(')');
        _erroring = false;
    }
}
