namespace Berth.Templates.Tests;

/// <summary>A Go struct for tests: named fields in declaration order plus optional niladic methods.</summary>
internal sealed class TestStruct : ITemplateObject
{
    private readonly (string Name, object? Value)[] _fields;
    private readonly Dictionary<string, Func<object?>> _methods = new(StringComparer.Ordinal);

    public TestStruct(string goTypeName, params (string Name, object? Value)[] fields)
    {
        GoTypeName = goTypeName;
        _fields = fields;
        FieldNames = fields.Select(f => f.Name).ToArray();
    }

    public string GoTypeName { get; }

    public IReadOnlyList<string> FieldNames { get; }

    public TestStruct WithMethod(string name, Func<object?> body)
    {
        _methods[name] = body;
        return this;
    }

    public bool TryGetField(string name, out object? value)
    {
        if (_methods.TryGetValue(name, out var method))
        {
            value = method();
            return true;
        }
        foreach (var (fieldName, fieldValue) in _fields)
        {
            if (fieldName == name)
            {
                value = fieldValue;
                return true;
            }
        }
        value = null;
        return false;
    }
}
