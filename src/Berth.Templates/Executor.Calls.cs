namespace Berth.Templates;

/// <summary>Field access, method and function calls, argument evaluation and type checks.</summary>
internal sealed partial class Executor
{
    private object? EvalField(object? dot, string fieldName, Node node, List<Node>? args, object? final, object? receiver)
    {
        if (receiver is NoValue)
        {
            return NoValue.Instance;
        }
        string typ = receiver is GoInterface or null ? GoValues.InterfaceTypeName : GoValues.TypeName(receiver);
        receiver = Indirect(receiver, out bool isNil);
        if (receiver is null)
        {
            throw Errorf($"nil pointer evaluating {typ}.{fieldName}");
        }
        bool hasArgs = (args is not null && args.Count > 1) || !ReferenceEquals(final, Missing);

        // Methods first, as Go does.
        if (BuiltinMethods.TryGet(receiver, fieldName, out var method))
        {
            return EvalCall(dot, method.Parameters, false, null, method, receiver, false, node, fieldName, args, final);
        }
        if (hasArgs && receiver is ITemplateMethods methods)
        {
            var argv = EvalMethodArgs(dot, args, final);
            try
            {
                if (methods.TryInvoke(fieldName, argv, out var result))
                {
                    return result;
                }
            }
            catch (TemplateException)
            {
                throw;
            }
            catch (Exception ex)
            {
                At(node);
                throw Errorf($"error calling {fieldName}: {ex.Message}");
            }
        }

        switch (receiver)
        {
            case ITemplateObject obj:
                {
                    bool found;
                    object? value;
                    try
                    {
                        found = obj.TryGetField(fieldName, out value);
                    }
                    catch (TemplateException)
                    {
                        throw;
                    }
                    catch (Exception ex)
                    {
                        At(node);
                        throw Errorf($"error calling {fieldName}: {ex.Message}");
                    }
                    if (found)
                    {
                        if (hasArgs)
                        {
                            throw Errorf($"{fieldName} has arguments but cannot be invoked as function");
                        }
                        return value;
                    }
                    break;
                }
            case GoTypedNil nil when nil.IsPointer:
                if (nil.StructFieldNames is not null && !nil.StructFieldNames.Contains(fieldName))
                {
                    break;
                }
                if (isNil)
                {
                    throw Errorf($"nil pointer evaluating {typ}.{fieldName}");
                }
                break;
            default:
                if (GoMaps.IsMap(receiver) && MapHasStringKeys(receiver))
                {
                    if (hasArgs)
                    {
                        throw Errorf($"{fieldName} is not a method but has arguments");
                    }
                    if (receiver is GoTypedNil)
                    {
                        return NoValue.Instance;
                    }
                    if (GoMaps.TryLookup(receiver, fieldName, out var result))
                    {
                        return GoValues.HasInterfaceElements(receiver) ? new GoInterface(result) : result;
                    }
                    return NoValue.Instance;
                }
                break;
        }
        throw Errorf($"can't evaluate field {fieldName} in type {typ}");
    }

    private static bool MapHasStringKeys(object map)
    {
        if (map is GoTypedNil n)
        {
            return n.GoTypeName.StartsWith("map[string]", StringComparison.Ordinal);
        }
        if (map is IReadOnlyDictionary<string, string> or IReadOnlyDictionary<string, object?> or System.Collections.Generic.IDictionary<string, string> or System.Collections.Generic.IDictionary<string, object?>)
        {
            return true;
        }
        return GoMaps.TypeName(map).StartsWith("map[string]", StringComparison.Ordinal);
    }

    private object?[] EvalMethodArgs(object? dot, List<Node>? args, object? final)
    {
        int fixedCount = args is null ? 0 : args.Count - 1;
        bool hasFinal = !ReferenceEquals(final, Missing);
        var argv = new object?[fixedCount + (hasFinal ? 1 : 0)];
        for (int i = 0; i < fixedCount; i++)
        {
            argv[i] = GoValues.Concrete(EvalArg(dot, GoParameterType.Any, args![i + 1]));
        }
        if (hasFinal)
        {
            argv[fixedCount] = GoValues.Concrete(final);
        }
        return argv;
    }

    /// <summary>Go's <c>evalCall</c>: checks arity, evaluates and type-checks arguments, calls, wraps errors.</summary>
    private object? EvalCall(
        object? dot,
        IReadOnlyList<GoParameterType> parameters,
        bool variadic,
        TemplateFunction? function,
        GoMethod? method,
        object? receiver,
        bool isBuiltin,
        Node node,
        string name,
        List<Node>? args,
        object? final)
    {
        int argCount = args is null ? 0 : args.Count - 1;
        int numIn = argCount;
        bool hasFinal = !ReferenceEquals(final, Missing);
        if (hasFinal)
        {
            numIn++;
        }
        int numParams = parameters.Count;
        int numFixed = argCount;
        if (variadic)
        {
            numFixed = numParams - 1;
            if (numIn < numFixed)
            {
                throw Errorf($"wrong number of args for {name}: want at least {numParams - 1} got {argCount}");
            }
        }
        else if (numIn != numParams)
        {
            throw Errorf($"wrong number of args for {name}: want {numParams} got {numIn}");
        }

        if (isBuiltin && (name == "and" || name == "or"))
        {
            object? v = NoValue.Instance;
            for (int k = 0; k < argCount; k++)
            {
                v = EvalArg(dot, GoParameterType.Value, args![k + 1]);
                if (Builtins.Truth(v) == (name == "or"))
                {
                    return v;
                }
            }
            if (hasFinal)
            {
                v = ValidateType(final, GoParameterType.Value);
            }
            return v;
        }

        var argv = new object?[numIn];
        int i = 0;
        for (; i < numFixed && i < argCount; i++)
        {
            argv[i] = EvalArg(dot, parameters[i], args![i + 1]);
        }
        if (variadic)
        {
            var elemType = parameters[numParams - 1];
            for (; i < argCount; i++)
            {
                argv[i] = EvalArg(dot, elemType, args![i + 1]);
            }
        }
        if (hasFinal)
        {
            var t = parameters[numParams - 1];
            if (variadic && numIn - 1 < numFixed)
            {
                t = parameters[numIn - 1];
            }
            argv[i] = ValidateType(final, t);
        }
        try
        {
            if (function is not null)
            {
                return function.Body(argv);
            }
            return method!.Body(receiver!, argv);
        }
        catch (TemplateException)
        {
            throw;
        }
        catch (Exception ex)
        {
            At(node);
            throw Errorf($"error calling {name}: {ex.Message}");
        }
    }

    private static bool CanBeNil(GoParameterType? typ) =>
        typ is null or GoParameterType.Any or GoParameterType.Value or GoParameterType.StringSlice;

    private static object? ZeroOf(GoParameterType? typ) => typ switch
    {
        GoParameterType.Value => NoValue.Instance,
        GoParameterType.StringSlice => Array.Empty<string>(),
        GoParameterType.String => string.Empty,
        GoParameterType.Int => 0,
        GoParameterType.Int64 => 0L,
        GoParameterType.Bool => false,
        GoParameterType.Float64 => 0.0,
        GoParameterType.Duration => 0L,
        GoParameterType.Time => default(GoTimestamp),
        _ => null,
    };

    internal static string TypeNameOf(GoParameterType typ) => typ switch
    {
        GoParameterType.String => "string",
        GoParameterType.Int => "int",
        GoParameterType.Int64 => "int64",
        GoParameterType.Bool => "bool",
        GoParameterType.Float64 => "float64",
        GoParameterType.StringSlice => "[]string",
        GoParameterType.Value => "reflect.Value",
        GoParameterType.Duration => "time.Duration",
        GoParameterType.Time => "time.Time",
        _ => GoValues.InterfaceTypeName,
    };

    /// <summary>Go's <c>validateType</c>: the value must be assignable to the parameter type.</summary>
    private object? ValidateType(object? value, GoParameterType? typ)
    {
        if (value is NoValue)
        {
            if (typ is null)
            {
                return NoValue.Instance;
            }
            if (CanBeNil(typ))
            {
                return ZeroOf(typ);
            }
            throw Errorf($"invalid value; expected {TypeNameOf(typ.Value)}");
        }
        switch (typ)
        {
            case null or GoParameterType.Value:
                return value;
            case GoParameterType.Any:
                return GoValues.Concrete(value);
        }
        object? concrete = GoValues.Concrete(value);
        if (TryConvert(concrete, typ.Value, out var converted))
        {
            return converted;
        }
        string got = concrete is null ? GoValues.InterfaceTypeName : GoValues.TypeName(concrete);
        throw Errorf($"wrong type for value; expected {TypeNameOf(typ.Value)}; got {got}");
    }

    internal static bool TryConvert(object? value, GoParameterType typ, out object? converted)
    {
        converted = value;
        switch (typ)
        {
            case GoParameterType.Any or GoParameterType.Value:
                return true;
            case GoParameterType.String:
                return value is string;
            case GoParameterType.Int:
                return value is int;
            case GoParameterType.Int64:
                return value is long;
            case GoParameterType.Bool:
                return value is bool;
            case GoParameterType.Float64:
                return value is double;
            case GoParameterType.Duration:
                if (value is TimeSpan ts)
                {
                    converted = ts.Ticks * 100;
                    return true;
                }
                return false;
            case GoParameterType.Time:
                if (value is GoPointer)
                {
                    return false;
                }
                if (GoValues.TryGetTime(value, out var time))
                {
                    converted = time;
                    return true;
                }
                return false;
            case GoParameterType.StringSlice:
                switch (value)
                {
                    case IReadOnlyList<string>:
                        return true;
                    case GoTypedNil n when n.GoTypeName == "[]string":
                        converted = Array.Empty<string>();
                        return true;
                    case IEnumerable<string> e:
                        converted = e.ToArray();
                        return true;
                }
                return false;
        }
        return false;
    }

    /// <summary>Go's <c>evalArg</c>: evaluates an argument node for a parameter of type <paramref name="typ"/> (null: untyped).</summary>
    private object? EvalArg(object? dot, GoParameterType? typ, Node n)
    {
        At(n);
        switch (n)
        {
            case DotNode:
                return ValidateType(dot, typ);
            case NilNode:
                if (CanBeNil(typ))
                {
                    return ZeroOf(typ);
                }
                throw Errorf($"cannot assign nil to {TypeNameOf(typ!.Value)}");
            case FieldNode field:
                return ValidateType(EvalFieldNode(dot, field, [n], Missing), typ);
            case VariableNode variable:
                return ValidateType(EvalVariableNode(dot, variable, null, Missing), typ);
            case PipeNode pipe:
                return ValidateType(EvalPipeline(dot, pipe), typ);
            case IdentifierNode ident:
                return ValidateType(EvalFunction(dot, ident, ident, null, Missing), typ);
            case ChainNode chain:
                return ValidateType(EvalChainNode(dot, chain, null, Missing), typ);
        }
        switch (typ)
        {
            case GoParameterType.Bool:
                if (n is BoolNode b)
                {
                    return b.True;
                }
                throw Errorf($"expected bool; found {n}");
            case GoParameterType.Float64:
                if (n is NumberNode { IsFloat: true } f)
                {
                    return f.Float64;
                }
                throw Errorf($"expected float; found {n}");
            case GoParameterType.Int:
                if (n is NumberNode { IsInt: true } i)
                {
                    return (int)i.Int64;
                }
                throw Errorf($"expected integer; found {n}");
            case GoParameterType.Int64:
                if (n is NumberNode { IsInt: true } l)
                {
                    return l.Int64;
                }
                throw Errorf($"expected integer; found {n}");
            case GoParameterType.Duration:
                if (n is NumberNode { IsInt: true } d)
                {
                    return d.Int64;
                }
                throw Errorf($"expected integer; found {n}");
            case GoParameterType.String:
                if (n is StringNode s)
                {
                    return s.Text;
                }
                throw Errorf($"expected string; found {n}");
            case GoParameterType.Any or GoParameterType.Value:
                return EvalEmptyInterface(n);
        }
        throw Errorf($"can't handle {n} for arg of type {(typ is null ? "<nil>" : TypeNameOf(typ.Value))}");
    }

    private object? EvalEmptyInterface(Node n)
    {
        At(n);
        switch (n)
        {
            case BoolNode b:
                return b.True;
            case NumberNode number:
                return IdealConstant(number);
            case StringNode s:
                return s.Text;
        }
        throw Errorf($"can't handle assignment of {n} to empty interface argument");
    }
}
