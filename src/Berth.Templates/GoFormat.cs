using System.Text;

namespace Berth.Templates;

/// <summary>Go's <c>fmt</c> package over the engine's value model: <c>Sprint</c>, <c>Sprintln</c>, <c>Sprintf</c>
/// with Go's verbs, flags and error forms (<c>%!d(string=x)</c>, <c>%!(EXTRA …)</c>).</summary>
public static class GoFmt
{
    public static string Sprint(params object?[] args)
    {
        var p = new GoPrinter(new StringBuilder());
        p.DoPrint(args);
        return p.ToString();
    }

    public static string Sprintln(params object?[] args)
    {
        var p = new GoPrinter(new StringBuilder());
        p.DoPrintln(args);
        return p.ToString();
    }

    public static string Sprintf(string format, params object?[] args)
    {
        var p = new GoPrinter(new StringBuilder());
        p.DoPrintf(format, args);
        return p.ToString();
    }
}
