namespace Berth.Templates;

/// <summary>The Go type of a template function parameter; decides how arguments are checked and
/// converted, as Go's <c>text/template</c> does with a function's reflected signature.</summary>
public enum GoParameterType
{
    /// <summary><c>interface{}</c>: any value; a missing value arrives as null.</summary>
    Any,

    /// <summary><c>reflect.Value</c> (builtins only): the raw value, including "no value".</summary>
    Value,

    /// <summary><c>string</c>.</summary>
    String,

    /// <summary><c>int</c> (a .NET <see cref="int"/>).</summary>
    Int,

    /// <summary><c>int64</c> (a .NET <see cref="long"/>).</summary>
    Int64,

    /// <summary><c>bool</c>.</summary>
    Bool,

    /// <summary><c>float64</c>.</summary>
    Float64,

    /// <summary><c>[]string</c>.</summary>
    StringSlice,

    /// <summary><c>time.Duration</c>: accepts a <see cref="TimeSpan"/> or an integer literal; the body receives nanoseconds as a <see cref="long"/>.</summary>
    Duration,

    /// <summary><c>time.Time</c> (a <see cref="GoTimestamp"/> or <see cref="DateTimeOffset"/>).</summary>
    Time,
}

/// <summary>The body of a template function: receives arguments already checked against the signature.
/// Throw <see cref="TemplateFunctionException"/> (or any exception) to return a Go error.</summary>
public delegate object? TemplateFunctionBody(ReadOnlySpan<object?> args);

/// <summary>A function callable from a template, with the signature Go would see
/// (used for "wrong number of args" and argument type errors).</summary>
public sealed class TemplateFunction
{
    private readonly GoParameterType[] _parameters;

    /// <summary>A function with a fixed list of parameters.</summary>
    public TemplateFunction(TemplateFunctionBody body, params GoParameterType[] parameters)
        : this(body, parameters, variadic: false)
    {
    }

    private TemplateFunction(TemplateFunctionBody body, GoParameterType[] parameters, bool variadic)
    {
        ArgumentNullException.ThrowIfNull(body);
        Body = body;
        _parameters = parameters;
        IsVariadic = variadic;
    }

    public TemplateFunctionBody Body { get; }

    /// <summary>The parameters; when <see cref="IsVariadic"/>, the last one is the type of each variadic argument.</summary>
    public IReadOnlyList<GoParameterType> Parameters => _parameters;

    public bool IsVariadic { get; }

    internal int ParameterCount => _parameters.Length;

    internal GoParameterType ParameterAt(int index) =>
        IsVariadic && index >= _parameters.Length - 1 ? _parameters[^1] : _parameters[index];

    /// <summary>A function whose last parameter is variadic (Go's <c>...T</c>): <paramref name="parameters"/>
    /// lists the fixed parameters followed by the element type of the variadic one.</summary>
    public static TemplateFunction Variadic(TemplateFunctionBody body, params GoParameterType[] parameters)
    {
        if (parameters.Length == 0)
        {
            throw new ArgumentException("a variadic function needs at least its variadic parameter", nameof(parameters));
        }
        return new TemplateFunction(body, parameters, variadic: true);
    }

    /// <summary>Convenience: <c>func(string) string</c>.</summary>
    public static TemplateFunction FromStringFunc(Func<string, string> func)
        => new(args => func((string)args[0]!), GoParameterType.String);
}
