namespace Berth.Templates;

/// <summary>A value that knows its Go type name, used in error messages and by <c>%T</c>.</summary>
public interface IGoTyped
{
    /// <summary>The Go type as Go's <c>reflect.Type.String()</c> prints it, e.g. <c>*define.HostInfo</c>, <c>[]string</c>.</summary>
    string GoTypeName { get; }
}

/// <summary>
/// A Go struct, or a pointer to one when <see cref="IGoTyped.GoTypeName"/> starts with <c>*</c>.
/// Templates reach its fields and niladic methods by their Go names.
/// </summary>
public interface ITemplateObject : IGoTyped
{
    /// <summary>Exported fields in declaration order: used by <c>%v</c> (<c>{a b c}</c>) and for table headers.</summary>
    IReadOnlyList<string> FieldNames { get; }

    /// <summary>Looks up a field or a niladic method by its case-sensitive Go name.</summary>
    bool TryGetField(string name, out object? value);
}

/// <summary>Methods that take arguments, e.g. <c>{{.Labels.Get "x"}}</c>. Optional on an <see cref="ITemplateObject"/>.</summary>
public interface ITemplateMethods
{
    /// <summary>Invokes a method; returns false when there is no method of that name. Throw to report a Go error.</summary>
    bool TryInvoke(string name, ReadOnlySpan<object?> args, out object? result);
}

/// <summary>What the <c>json</c> template function writes for an object (Go's <c>encoding/json</c> shape).</summary>
public interface IJsonWritable
{
    void WriteJson(System.Text.Json.Utf8JsonWriter writer);
}

/// <summary>Go's <c>fmt.Stringer</c>: <c>%v</c>, <c>%s</c> and <c>print</c> use it.</summary>
public interface IGoStringer
{
    string GoString();
}

/// <summary>
/// A typed Go nil: a nil pointer (<c>*T</c>), nil slice (<c>[]T</c>) or nil map (<c>map[K]V</c>).
/// A plain C# <c>null</c> is a nil <c>interface{}</c>, which Go prints differently.
/// </summary>
public sealed class GoTypedNil : IGoTyped
{
    private GoTypedNil(string goTypeName, IReadOnlyList<string>? structFields)
    {
        GoTypeName = goTypeName;
        StructFieldNames = structFields;
    }

    public string GoTypeName { get; }

    /// <summary>For a nil pointer to a struct: the struct's fields, so that a missing field reports
    /// "can't evaluate field" rather than "nil pointer evaluating", as Go does.</summary>
    public IReadOnlyList<string>? StructFieldNames { get; }

    public bool IsPointer => GoTypeName.StartsWith('*');

    public bool IsSlice => GoTypeName.StartsWith("[]", StringComparison.Ordinal);

    public bool IsMap => GoTypeName.StartsWith("map[", StringComparison.Ordinal);

    /// <summary>A nil pointer of type <paramref name="goTypeName"/> (e.g. <c>*v1.ImageConfig</c>).</summary>
    public static GoTypedNil Of(string goTypeName, IReadOnlyList<string>? structFieldNames = null)
        => new(goTypeName, structFieldNames);

    public override string ToString() => "<nil>";
}

/// <summary>A non-nil Go pointer to a value that is not an <see cref="ITemplateObject"/>, e.g. a <c>*time.Time</c> field.
/// Templates see through it (methods, printing, JSON) as Go does; <c>%T</c> and error messages show the pointer type.</summary>
public sealed class GoPointer : IGoTyped
{
    public GoPointer(object target, string goTypeName)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(goTypeName);
        Target = target;
        GoTypeName = goTypeName;
    }

    public object Target { get; }

    public string GoTypeName { get; }

    public override string ToString() => Target.ToString() ?? string.Empty;
}

/// <summary>
/// A Go slice with an explicit type, e.g. <c>[]interface {}</c>. Elements of a slice whose element type is
/// <c>interface {}</c> report <c>interface {}</c> in field errors, exactly like Go.
/// Plain .NET lists work too; this only adds the type name.
/// </summary>
public sealed class GoSlice : IGoTyped, IReadOnlyList<object?>, System.Collections.IList
{
    private readonly IReadOnlyList<object?> _items;

    public GoSlice(string goTypeName, IReadOnlyList<object?> items)
    {
        GoTypeName = goTypeName;
        _items = items;
    }

    public string GoTypeName { get; }

    public int Count => _items.Count;

    public object? this[int index] => _items[index];

    object? System.Collections.IList.this[int index]
    {
        get => _items[index];
        set => throw new NotSupportedException();
    }

    bool System.Collections.IList.IsFixedSize => true;

    bool System.Collections.IList.IsReadOnly => true;

    bool System.Collections.ICollection.IsSynchronized => false;

    object System.Collections.ICollection.SyncRoot => this;

    public IEnumerator<object?> GetEnumerator() => _items.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => _items.GetEnumerator();

    int System.Collections.IList.Add(object? value) => throw new NotSupportedException();

    void System.Collections.IList.Clear() => throw new NotSupportedException();

    bool System.Collections.IList.Contains(object? value) => _items.Contains(value);

    int System.Collections.IList.IndexOf(object? value)
    {
        for (int i = 0; i < _items.Count; i++)
        {
            if (Equals(_items[i], value))
            {
                return i;
            }
        }
        return -1;
    }

    void System.Collections.IList.Insert(int index, object? value) => throw new NotSupportedException();

    void System.Collections.IList.Remove(object? value) => throw new NotSupportedException();

    void System.Collections.IList.RemoveAt(int index) => throw new NotSupportedException();

    void System.Collections.ICollection.CopyTo(Array array, int index)
    {
        for (int i = 0; i < _items.Count; i++)
        {
            array.SetValue(_items[i], index + i);
        }
    }
}
