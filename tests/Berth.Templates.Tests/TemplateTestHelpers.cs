namespace Berth.Templates.Tests;

internal static class T
{
    /// <summary>Parses with podman's report functions and executes; returns output, or "ERR: message".</summary>
    public static string Run(string template, object? data, IReadOnlyDictionary<string, TemplateFunction>? functions = null)
    {
        var output = new StringWriter();
        try
        {
            GoTemplate.Parse("x", template, functions ?? ReportFunctions.Default).Execute(output, data);
            return output.ToString();
        }
        catch (TemplateException ex)
        {
            return output + "ERR: " + ex.Message;
        }
    }

    public static TestStruct Image() => new(
        "*inspect.ImageData",
        ("ID", "17318f893e70"),
        ("Os", "linux"),
        ("Size", 1999097L),
        ("RepoTags", new[] { "demo:1.0", "demo:latest" }),
        ("Labels", new Dictionary<string, string> { ["b"] = "two words", ["a"] = "1" }),
        ("Config", new TestStruct("*v1.ImageConfig", ("User", "1000"), ("Env", new[] { "A=1" }))),
        ("HealthCheck", GoTypedNil.Of("*manifest.Schema2HealthConfig", ["Test"])),
        ("Created", new GoPointer(new GoTimestamp(new DateTimeOffset(2024, 3, 5, 10, 20, 30, TimeSpan.Zero)), "*time.Time")));
}
