namespace Berth.Templates;

/// <summary>A parse or execution error, with Go's <c>text/template</c> message text
/// (e.g. <c>template: x:1: function "foo" not defined</c>).</summary>
public sealed class TemplateException : Exception
{
    public TemplateException()
    {
    }

    public TemplateException(string message)
        : base(message)
    {
    }

    public TemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Thrown by a template function or method to report a Go <c>error</c> result;
/// the executor reports it as <c>error calling NAME: MESSAGE</c>.</summary>
public sealed class TemplateFunctionException : Exception
{
    public TemplateFunctionException()
    {
    }

    public TemplateFunctionException(string message)
        : base(message)
    {
    }

    public TemplateFunctionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
