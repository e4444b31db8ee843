using System.Text.Json;

namespace Berth.Templates.Tests;

/// <summary>Differential tests: each case was executed by Go 1.19.8's text/template (the Go that built podman 4.3.1),
/// see GoOracle/generator; Berth must produce the same output and the same error text.</summary>
public sealed class GoOracleTests
{
    /// <summary>Cases whose Go output cannot be reproduced, with the reason.</summary>
    private static readonly Dictionary<string, string> Excluded = new(StringComparer.Ordinal)
    {
        ["printf_top_ptr"] = "Go prints the address of a nested pointer field (0xc0001e13c8); Berth has no addresses.",
    };

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Load())
        {
            if (!Excluded.ContainsKey(c.Name))
            {
                data.Add(c.Name);
            }
        }
        return data;
    }

    private sealed record OracleCase(string Name, string Data, string Template, string Stdout, string Error);

    private static List<OracleCase> Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "GoOracle", "text-template-cases.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var list = new List<OracleCase>();
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            list.Add(new OracleCase(
                e.GetProperty("name").GetString()!,
                e.GetProperty("data").GetString()!,
                e.GetProperty("template").GetString()!,
                e.GetProperty("stdout").GetString()!,
                e.GetProperty("error").GetString()!));
        }
        return list;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Execute_GoOracleCase_MatchesGo(string name)
    {
        var c = Load().Single(x => x.Name == name);
        var output = new StringWriter();
        string error = string.Empty;
        try
        {
            var template = GoTemplate.Parse("t", c.Template, ReportFunctions.Default);
            template.Execute(output, GoOracleFixture.Data(c.Data));
        }
        catch (TemplateException ex)
        {
            error = ex.Message;
        }
        Assert.Equal(c.Error, error);
        Assert.Equal(c.Stdout, output.ToString());
    }
}
