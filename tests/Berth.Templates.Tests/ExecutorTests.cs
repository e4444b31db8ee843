namespace Berth.Templates.Tests;

/// <summary>Execution semantics and error texts of Go 1.19's text/template (each expectation checked against Go).</summary>
public sealed class ExecutorTests
{
    [Theory]
    [InlineData("{{.Os}}", "linux")]
    [InlineData("{{.Size}}", "1999097")]
    [InlineData("{{.RepoTags}}", "[demo:1.0 demo:latest]")]
    [InlineData("{{.Labels}}", "map[a:1 b:two words]")]
    [InlineData("{{.Labels.a}}|{{.Labels.nope}}", "1|<no value>")]
    [InlineData("{{.Config}}", "{1000 [A=1]}")]
    [InlineData("{{printf \"%v\" .Config}}", "&{1000 [A=1]}")]
    [InlineData("{{.Config.User}}", "1000")]
    [InlineData("{{.HealthCheck}}", "<nil>")]
    [InlineData("{{.Created}}", "2024-03-05 10:20:30 +0000 UTC")]
    [InlineData("{{.Created.Year}} {{.Created.Month}} {{.Created.Unix}}", "2024 March 1709634030")]
    [InlineData("{{.Created.Add 1}}", "2024-03-05 10:20:30.000000001 +0000 UTC")]
    [InlineData("{{printf \"%T %T %T\" .Created .Config .Labels}}", "*time.Time *v1.ImageConfig map[string]string")]
    public void Execute_FieldAccess_PrintsLikeGo(string template, string expected)
    {
        Assert.Equal(expected, T.Run(template, T.Image()));
    }

    [Theory]
    [InlineData("{{.Nope}}", "ERR: template: x:1:2: executing \"x\" at <.Nope>: can't evaluate field Nope in type *inspect.ImageData")]
    [InlineData("{{.Config.Nope}}", "ERR: template: x:1:9: executing \"x\" at <.Config.Nope>: can't evaluate field Nope in type *v1.ImageConfig")]
    [InlineData("{{.Os.Foo}}", "ERR: template: x:1:5: executing \"x\" at <.Os.Foo>: can't evaluate field Foo in type string")]
    [InlineData("{{.HealthCheck.Test}}", "ERR: template: x:1:14: executing \"x\" at <.HealthCheck.Test>: nil pointer evaluating *manifest.Schema2HealthConfig.Test")]
    [InlineData("{{.HealthCheck.Nope}}", "ERR: template: x:1:14: executing \"x\" at <.HealthCheck.Nope>: can't evaluate field Nope in type *manifest.Schema2HealthConfig")]
    [InlineData("{{.Os 1}}", "ERR: template: x:1:2: executing \"x\" at <.Os>: Os has arguments but cannot be invoked as function")]
    [InlineData("{{.Created.Format}}", "ERR: template: x:1:10: executing \"x\" at <.Created.Format>: wrong number of args for Format: want 1 got 0")]
    [InlineData("A{{.Os}}{{.Nope}}", "AlinuxERR: template: x:1:10: executing \"x\" at <.Nope>: can't evaluate field Nope in type *inspect.ImageData")]
    public void Execute_Error_ReportsGoMessageAndKeepsPartialOutput(string template, string expected)
    {
        Assert.Equal(expected, T.Run(template, T.Image()));
    }

    [Fact]
    public void Execute_RangeOverInterfaceSlice_NamesInterfaceType()
    {
        var data = new List<object?> { T.Image() };
        Assert.Equal(
            "ERR: template: x:1:13: executing \"x\" at <.Nope>: can't evaluate field Nope in type interface {}",
            T.Run("{{range .}}{{.Nope}}{{end}}", data));
    }

    [Fact]
    public void Execute_DollarInRange_IsTheWholeData()
    {
        var data = new List<object?> { T.Image() };
        Assert.Equal(
            "ERR: template: x:1:14: executing \"x\" at <$.Os>: can't evaluate field Os in type []interface {}",
            T.Run("{{range .}}{{$.Os}}{{end}}", data));
    }

    [Theory]
    [InlineData("{{range $i, $e := .RepoTags}}{{if $i}}, {{end}}{{$e}}{{end}}", "demo:1.0, demo:latest")]
    [InlineData("{{range $k, $v := .Labels}}{{$k}}={{$v}};{{end}}", "a=1;b=two words;")]
    [InlineData("{{range .RepoTags}}{{.}}{{break}}{{end}}", "demo:1.0")]
    [InlineData("{{range .RepoTags}}{{continue}}{{.}}{{end}}", "")]
    [InlineData("{{range .HealthCheck}}x{{else}}none{{end}}", "ERR: template: x:1:8: executing \"x\" at <.HealthCheck>: range can't iterate over <nil>")]
    [InlineData("{{range .Os}}x{{end}}", "ERR: template: x:1:8: executing \"x\" at <.Os>: range can't iterate over linux")]
    [InlineData("{{with .Config}}{{.User}}{{end}}", "1000")]
    [InlineData("{{with .Labels.none}}x{{else}}gone{{end}}", "gone")]
    [InlineData("{{if .HealthCheck}}hc{{else if .Labels}}labels{{else}}none{{end}}", "labels")]
    [InlineData("{{$x := 1}}{{if true}}{{$x = 3}}{{end}}{{$x}}", "3")]
    [InlineData("{{define \"T\"}}<{{.}}>{{end}}{{template \"T\" .Os}}", "<linux>")]
    [InlineData("{{block \"B\" .Config}}[{{.User}}]{{end}}", "[1000]")]
    public void Execute_ControlStructures_BehaveLikeGo(string template, string expected)
    {
        Assert.Equal(expected, T.Run(template, T.Image()));
    }

    [Fact]
    public void Execute_NilData_PrintsNoValue()
    {
        Assert.Equal("<no value> <no value>", T.Run("{{.}} {{.Name}}", null));
    }

    [Fact]
    public void Execute_InterfaceField_ReportsInterfaceType()
    {
        var data = new TestStruct("*main.T", ("Any", new GoInterface("s")), ("Nil", new GoInterface(null)));
        Assert.Equal("ERR: template: x:1:6: executing \"x\" at <.Any.Foo>: can't evaluate field Foo in type interface {}", T.Run("{{.Any.Foo}}", data));
        Assert.Equal("ERR: template: x:1:6: executing \"x\" at <.Nil.Foo>: nil pointer evaluating interface {}.Foo", T.Run("{{.Nil.Foo}}", data));
        Assert.Equal("<no value>", T.Run("{{.Nil}}", data));
    }

    [Fact]
    public void Execute_ExtraFunction_ChecksArityAndTypes()
    {
        var functions = new Dictionary<string, TemplateFunction>
        {
            ["rep"] = new(a => string.Concat(Enumerable.Repeat((string)a[0]!, (int)a[1]!)), GoParameterType.String, GoParameterType.Int),
        };
        Assert.Equal("abab", T.Run("{{rep \"ab\" 2}}", null, functions));
        Assert.Equal("ERR: template: x:1:2: executing \"x\" at <rep>: wrong number of args for rep: want 2 got 1", T.Run("{{rep \"ab\"}}", null, functions));
        Assert.Equal("ERR: template: x:1:11: executing \"x\" at <\"2\">: expected integer; found \"2\"", T.Run("{{rep \"ab\" \"2\"}}", null, functions));
        Assert.Equal("ERR: template: x:1:6: executing \"x\" at <.Size>: wrong type for value; expected string; got int64", T.Run("{{rep .Size 2}}", T.Image(), functions));
    }

    [Fact]
    public void Execute_FunctionThrows_ReportsErrorCalling()
    {
        var functions = new Dictionary<string, TemplateFunction>
        {
            ["boom"] = new(_ => throw new TemplateFunctionException("it broke")),
        };
        Assert.Equal("ERR: template: x:1:2: executing \"x\" at <boom>: error calling boom: it broke", T.Run("{{boom}}", null, functions));
    }

    [Fact]
    public void Execute_MethodWithArguments_UsesTemplateMethods()
    {
        Assert.Equal("hello, linux", T.Run("{{.Greet \"linux\"}}", new Greeter()));
    }

    private sealed class Greeter : ITemplateObject, ITemplateMethods
    {
        public string GoTypeName => "*main.Greeter";

        public IReadOnlyList<string> FieldNames => [];

        public bool TryGetField(string name, out object? value)
        {
            value = null;
            return false;
        }

        public bool TryInvoke(string name, ReadOnlySpan<object?> args, out object? result)
        {
            result = name == "Greet" ? "hello, " + args[0] : null;
            return name == "Greet";
        }
    }

    [Fact]
    public void Execute_Concurrently_IsThreadSafe()
    {
        var template = GoTemplate.Parse("x", "{{range .RepoTags}}{{printf \"%-10s\" .}}|{{end}}", ReportFunctions.Default);
        var results = new string[64];
        Parallel.For(0, results.Length, i => results[i] = template.Execute(T.Image()));
        Assert.All(results, r => Assert.Equal("demo:1.0  |demo:latest|", r));
    }
}
