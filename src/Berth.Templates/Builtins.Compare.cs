using System.Text;

namespace Berth.Templates;

/// <summary>Go's comparison builtins: eq, ne, lt, le, gt, ge (basic kinds, int/uint mixing, nil handling).</summary>
internal static partial class Builtins
{
    // ---- comparisons (Go's eq, lt and friends) ----

    private enum BasicKind
    {
        Invalid,
        Bool,
        Int,
        Float,
        String,
        Uint,
    }

    private static BasicKind KindOf(object? v) => GoValues.KindOf(v) switch
    {
        GoKind.Bool => BasicKind.Bool,
        GoKind.Int => BasicKind.Int,
        GoKind.Uint => BasicKind.Uint,
        GoKind.Float => BasicKind.Float,
        GoKind.String => BasicKind.String,
        _ => BasicKind.Invalid,
    };

    private const string BadComparisonType = "invalid type for comparison";
    private const string BadComparison = "incompatible types for comparison";

    private static bool IsNil(object? v) => v is NoValue or null || (v is GoInterface slot && slot.Value is null) || v is GoTypedNil;

    private static bool Eq(object? arg1, ReadOnlySpan<object?> arg2)
    {
        arg1 = GoValues.IndirectInterface(arg1);
        if (arg2.Length == 0)
        {
            throw Fail("missing argument for comparison");
        }
        var k1 = KindOf(arg1);
        foreach (var raw in arg2)
        {
            object? arg = GoValues.IndirectInterface(raw);
            var k2 = KindOf(arg);
            bool truth = false;
            if (k1 != k2)
            {
                if (k1 == BasicKind.Int && k2 == BasicKind.Uint)
                {
                    long a = GoValues.ToInt64(arg1!);
                    truth = a >= 0 && (ulong)a == GoValues.ToUInt64(arg!);
                }
                else if (k1 == BasicKind.Uint && k2 == BasicKind.Int)
                {
                    long b = GoValues.ToInt64(arg!);
                    truth = b >= 0 && GoValues.ToUInt64(arg1!) == (ulong)b;
                }
                else if (arg1 is not NoValue && arg is not NoValue)
                {
                    throw Fail(BadComparison);
                }
            }
            else
            {
                switch (k1)
                {
                    case BasicKind.Bool:
                        truth = (bool)arg1! == (bool)arg!;
                        break;
                    case BasicKind.Float:
                        truth = GoValues.ToDouble(arg1!) == GoValues.ToDouble(arg!);
                        break;
                    case BasicKind.Int:
                        truth = GoValues.ToInt64(arg1!) == GoValues.ToInt64(arg!);
                        break;
                    case BasicKind.String:
                        truth = string.Equals((string)arg1!, (string)arg!, StringComparison.Ordinal);
                        break;
                    case BasicKind.Uint:
                        truth = GoValues.ToUInt64(arg1!) == GoValues.ToUInt64(arg!);
                        break;
                    default:
                        truth = EqualOther(arg1, arg);
                        break;
                }
            }
            if (truth)
            {
                return true;
            }
        }
        return false;
    }

    private static bool EqualOther(object? arg1, object? arg)
    {
        var g1 = GoValues.KindOf(arg1);
        var g2 = GoValues.KindOf(arg);
        if (g1 != g2 && g1 != GoKind.Invalid && g2 != GoKind.Invalid)
        {
            throw Fail($"non-comparable types {FormatV(arg1)}: {GoValues.TypeName(arg1)}, {GoValues.TypeName(arg)}: {FormatV(arg)}");
        }
        if (IsNil(arg1) || IsNil(arg))
        {
            return IsNil(arg) == IsNil(arg1);
        }
        if (g2 is GoKind.Slice or GoKind.Map or GoKind.Func)
        {
            throw Fail($"non-comparable type {FormatV(arg)}: {GoValues.TypeName(arg)}");
        }
        if (arg1 is ITemplateObject o1 && o1.GoTypeName.StartsWith('*'))
        {
            return ReferenceEquals(arg1, arg);
        }
        return Equals(arg1, arg);
    }

    private static string FormatV(object? v)
    {
        var p = new GoPrinter(new StringBuilder());
        p.PrintArg(GoValues.Concrete(v), 'v');
        return p.ToString();
    }

    private static bool Lt(object? arg1, object? arg2)
    {
        arg1 = GoValues.IndirectInterface(arg1);
        var k1 = KindOf(arg1);
        if (k1 == BasicKind.Invalid)
        {
            throw Fail(BadComparisonType);
        }
        arg2 = GoValues.IndirectInterface(arg2);
        var k2 = KindOf(arg2);
        if (k2 == BasicKind.Invalid)
        {
            throw Fail(BadComparisonType);
        }
        if (k1 != k2)
        {
            if (k1 == BasicKind.Int && k2 == BasicKind.Uint)
            {
                long a = GoValues.ToInt64(arg1!);
                return a < 0 || (ulong)a < GoValues.ToUInt64(arg2!);
            }
            if (k1 == BasicKind.Uint && k2 == BasicKind.Int)
            {
                long b = GoValues.ToInt64(arg2!);
                return b >= 0 && GoValues.ToUInt64(arg1!) < (ulong)b;
            }
            throw Fail(BadComparison);
        }
        return k1 switch
        {
            BasicKind.Bool => throw Fail(BadComparisonType),
            BasicKind.Float => GoValues.ToDouble(arg1!) < GoValues.ToDouble(arg2!),
            BasicKind.Int => GoValues.ToInt64(arg1!) < GoValues.ToInt64(arg2!),
            BasicKind.String => GoMaps.CompareUtf8((string)arg1!, (string)arg2!) < 0,
            _ => GoValues.ToUInt64(arg1!) < GoValues.ToUInt64(arg2!),
        };
    }

    private static bool Le(object? arg1, object? arg2) => Lt(arg1, arg2) || Eq(arg1, [arg2]);
}
