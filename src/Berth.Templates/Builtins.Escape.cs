using System.Text;

namespace Berth.Templates;

/// <summary>html, js, urlquery and call.</summary>
internal static partial class Builtins
{
    // ---- escapers ----

    /// <summary>Go's <c>evalArgs</c>: a lone string as is, otherwise <c>fmt.Sprint</c> of the (pointer-stripped) arguments.</summary>
    private static string EvalArgs(ReadOnlySpan<object?> args)
    {
        if (args.Length == 1 && args[0] is string s)
        {
            return s;
        }
        var values = new object?[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            values[i] = args[i] is ITemplateObject o && o.GoTypeName.StartsWith('*') ? new StructView(o) : args[i];
        }
        return Sprint(values);
    }

    internal static string HtmlEscape(string s)
    {
        if (s.IndexOfAny(['\'', '"', '&', '<', '>', '\0']) < 0)
        {
            return s;
        }
        var sb = new StringBuilder(s.Length + 16);
        foreach (char c in s)
        {
            sb.Append(c switch
            {
                '\0' => "\uFFFD",
                '"' => "&#34;",
                '\'' => "&#39;",
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }

    internal static string JsEscape(string s)
    {
        var sb = new StringBuilder(s.Length + 16);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c < 0x80)
            {
                switch (c)
                {
                    case '\\': sb.Append("\\\\"); continue;
                    case '\'': sb.Append("\\'"); continue;
                    case '"': sb.Append("\\\""); continue;
                    case '<': sb.Append("\\u003C"); continue;
                    case '>': sb.Append("\\u003E"); continue;
                    case '&': sb.Append("\\u0026"); continue;
                    case '=': sb.Append("\\u003D"); continue;
                }
                if (c < ' ')
                {
                    sb.Append("\\u00").Append("0123456789ABCDEF"[c >> 4]).Append("0123456789ABCDEF"[c & 0xF]);
                    continue;
                }
                sb.Append(c);
                continue;
            }
            int r = c;
            int width = 1;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                r = char.ConvertToUtf32(c, s[i + 1]);
                width = 2;
            }
            else if (char.IsSurrogate(c))
            {
                r = 0xFFFD;
            }
            if (GoStrconv.IsPrint(r))
            {
                sb.Append(s, i, width);
            }
            else
            {
                sb.Append("\\u").Append(r.ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
            i += width - 1;
        }
        return sb.ToString();
    }

    /// <summary>Go's <c>url.QueryEscape</c>.</summary>
    internal static string UrlQueryEscape(string s)
    {
        var sb = new StringBuilder(s.Length + 16);
        foreach (byte b in Encoding.UTF8.GetBytes(s))
        {
            char c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                sb.Append(c);
            }
            else if (c == ' ')
            {
                sb.Append('+');
            }
            else
            {
                sb.Append('%').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 0xF]);
            }
        }
        return sb.ToString();
    }

    private static object? Call(object? fn, ReadOnlySpan<object?> args)
    {
        fn = GoValues.IndirectInterface(fn);
        if (fn is NoValue)
        {
            throw Fail("call of nil");
        }
        if (fn is not TemplateFunction function)
        {
            throw Fail($"non-function of type {GoValues.TypeName(fn)}");
        }
        int numIn = function.ParameterCount;
        if (function.IsVariadic)
        {
            if (args.Length < numIn - 1)
            {
                throw Fail($"wrong number of args: got {args.Length} want at least {numIn - 1}");
            }
        }
        else if (args.Length != numIn)
        {
            throw Fail($"wrong number of args: got {args.Length} want {numIn}");
        }
        var argv = new object?[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            object? arg = GoValues.IndirectInterface(args[i]);
            var argType = function.ParameterAt(i);
            if (arg is NoValue)
            {
                if (argType is not (GoParameterType.Any or GoParameterType.Value or GoParameterType.StringSlice))
                {
                    throw Fail($"arg {i}: value is nil; should be of type {Executor.TypeNameOf(argType)}");
                }
                argv[i] = argType == GoParameterType.Value ? NoValue.Instance : null;
                continue;
            }
            if (!Executor.TryConvert(arg, argType, out var converted))
            {
                throw Fail($"arg {i}: value has type {GoValues.TypeName(arg)}; should be {Executor.TypeNameOf(argType)}");
            }
            argv[i] = converted;
        }
        return function.Body(argv);
    }

    /// <summary>A pointer-to-struct seen as the struct itself (what Go's printableValue hands to fmt).</summary>
    private sealed class StructView(ITemplateObject inner) : ITemplateObject
    {
        public string GoTypeName => inner.GoTypeName.TrimStart('*');

        public IReadOnlyList<string> FieldNames => inner.FieldNames;

        public bool TryGetField(string name, out object? value) => inner.TryGetField(name, out value);
    }
}
