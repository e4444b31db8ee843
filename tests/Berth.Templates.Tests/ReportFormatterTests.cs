namespace Berth.Templates.Tests;

/// <summary>podman's --format handling (containers/common pkg/report v0.50, as in podman 4.3.1); expectations are
/// observed podman behaviour (Golden/podman-4.3/README.md).</summary>
public sealed class ReportFormatterTests
{
    private static TestStruct Row(string repo, string tag, long size) =>
        new("images.imageReporter", ("Repository", repo), ("Tag", tag), ("Size", size));

    private static readonly string[] Fields = ["Repository", "Tag", "ID", "Size", "CreatedAt", "ReadOnly"];

    private static GoSlice Rows() => new("[]images.imageReporter", [Row("localhost/golden/demo", "1.0", 1), Row("localhost/a", "b", 2)]);

    [Theory]
    [InlineData("json", true)]
    [InlineData("{{json .}}", true)]
    [InlineData("{{ json . }}", true)]
    [InlineData("{{json}}", true)]
    [InlineData("  json\n", true)]
    [InlineData("{{json .}}|", false)]
    [InlineData("{{json .Labels}}", false)]
    [InlineData("JSON", false)]
    public void IsJson_Format_DetectsJsonRequest(string format, bool expected)
    {
        Assert.Equal(expected, ReportFormatter.IsJson(format));
    }

    [Theory]
    [InlineData("{{.Os}}", "{{.Os}}\n")]
    [InlineData("{{.Os}}\n", "{{.Os}}\n")]
    [InlineData("{{.Os}}\\t{{.A}}\\n", "{{.Os}}\t{{.A}}\n")]
    [InlineData("x\\\\ty", "x\\\ty\n")]
    [InlineData("a\\rb", "a\\rb\n")]
    [InlineData("table {{.A}} {{printf \"%s %s\" .B .C}}", "{{.A}}\t{{printf\t\"%s\t%s\"\t.B\t.C}}\n")]
    [InlineData("TABLE {{.A}} {{.B}}", "TABLE {{.A}} {{.B}}\n")]
    public void NormalizeFormat_Text_TranslatesLikePodman(string format, string expected)
    {
        Assert.Equal(expected, ReportFormatter.NormalizeFormat(format));
    }

    [Theory]
    [InlineData("{{.A}}", "{{range .}}{{.A}}{{end -}}")]
    [InlineData("{{range .}}{{.A}}{{end}}", "{{range .}}{{.A}}{{end}}")]
    [InlineData("{{ range . }}{{.A}}{{ end -}}", "{{ range . }}{{.A}}{{ end -}}")]
    public void EnforceRange_Format_WrapsUnlessRanged(string format, string expected)
    {
        Assert.Equal(expected, ReportFormatter.EnforceRange(format));
    }

    [Fact]
    public void NormalizeInspectFormat_ImageFormat_AppliesPodmanRewrites()
    {
        Assert.Equal("{{.ID}} {{.ID}}", ReportFormatter.NormalizeInspectFormat("{{ .Id }} {{.Id}}", isImage: true));
        Assert.Equal("{{printf \"%s\" \".Source .Destination .Image .HealthCheck\"}}",
            ReportFormatter.NormalizeInspectFormat("{{printf \"%s\" \".Src .Dst .ImageID .Config.Healthcheck\"}}", isImage: true));
        Assert.Equal(".Config.Healthcheck", ReportFormatter.NormalizeInspectFormat(".Config.Healthcheck", isImage: false));
    }

    [Fact]
    public void Headers_FieldNames_SplitAndOverride()
    {
        var headers = ReportFormatter.Headers(["Repository", "CreatedAt", "ID", "ReadOnly"], new Dictionary<string, string> { ["ID"] = "image id", ["ReadOnly"] = "R/O" });
        Assert.Equal("REPOSITORY", headers["Repository"]);
        Assert.Equal("CREATED AT", headers["CreatedAt"]);
        Assert.Equal("IMAGE ID", headers["ID"]);
        Assert.Equal("R/O", headers["ReadOnly"]);
    }

    [Fact]
    public void Table_WithHeader_AlignsColumns()
    {
        var output = new StringWriter();
        using (var rpt = ReportFormatter.Create(output, "images", "table {{.Repository}}\\t{{.Tag}}\\t{{.Size}}"))
        {
            rpt.WriteHeader(Fields);
            rpt.Execute(Rows());
        }
        Assert.Equal(
            "REPOSITORY             TAG         SIZE\n" +
            "localhost/golden/demo  1.0         1\n" +
            "localhost/a            b           2\n",
            output.ToString());
    }

    [Fact]
    public void Table_HeaderRow_RunsTheTemplate()
    {
        var output = new StringWriter();
        using (var rpt = ReportFormatter.Create(output, "images", "table Repo={{.Repository}}:{{lower .Tag}} {{.CreatedAt}} {{.Nope}}"))
        {
            rpt.WriteHeader(Fields);
        }
        Assert.Equal("Repo=REPOSITORY:tag  CREATED AT  <no value>\n", output.ToString());
    }

    [Fact]
    public void Table_NoHeading_SkipsHeaderRow()
    {
        var output = new StringWriter();
        using (var rpt = ReportFormatter.Create(output, "images", "table {{.Tag}}", new ReportOptions { NoHeading = true }))
        {
            rpt.WriteHeader(Fields);
            rpt.Execute(Rows());
        }
        Assert.Equal("1.0\nb\n", output.ToString());
    }

    [Fact]
    public void Plain_Format_NeitherAlignsNorPrintsHeaders()
    {
        var output = new StringWriter();
        var rpt = ReportFormatter.Create(output, "images", "{{.Repository}}\\t{{.Tag}}");
        rpt.WriteHeader(Fields);
        rpt.Execute(Rows());
        rpt.Flush();
        Assert.False(rpt.RenderHeaders);
        Assert.Equal("localhost/golden/demo\t1.0\nlocalhost/a\tb\n", output.ToString());
    }

    [Fact]
    public void WriteRow_Streaming_MatchesWholeListExecution()
    {
        var whole = new StringWriter();
        using (var rpt = ReportFormatter.Create(whole, "images", "table {{.Repository}}\\t{{.Tag}}"))
        {
            rpt.WriteHeader(Fields);
            rpt.Execute(Rows());
        }
        var streamed = new StringWriter();
        using (var rpt = ReportFormatter.Create(streamed, "images", "table {{.Repository}}\\t{{.Tag}}"))
        {
            rpt.WriteHeader(Fields);
            foreach (var row in Rows())
            {
                rpt.WriteRow(row);
            }
        }
        Assert.Equal(whole.ToString(), streamed.ToString());
    }

    [Fact]
    public void WriteRow_Error_NamesTheRowType()
    {
        var output = new StringWriter();
        using var rpt = ReportFormatter.Create(output, "images", "{{.Nope}}");
        var ex = Assert.Throws<TemplateException>(() => rpt.WriteRow(Row("r", "t", 1)));
        Assert.Equal("template: images:1:13: executing \"images\" at <.Nope>: can't evaluate field Nope in type images.imageReporter", ex.Message);
    }

    [Fact]
    public void Create_EscapedNewlineInString_FallsBackToUntranslatedText()
    {
        var output = new StringWriter();
        using (var rpt = ReportFormatter.Create(output, "inspect", "{{printf \"%s\\n\" .Os}}"))
        {
            rpt.Execute(new List<object?> { T.Image() });
        }
        Assert.Equal("linux\n", output.ToString());
    }

    [Fact]
    public void Execute_ErrorInTable_FlushKeepsPartialOutput()
    {
        var output = new StringWriter();
        var rpt = ReportFormatter.Create(output, "inspect", "table A{{.Os}}{{.Nope}}");
        Assert.Throws<TemplateException>(() => rpt.Execute(new List<object?> { T.Image() }));
        rpt.Flush();
        Assert.Equal("Alinux", output.ToString());
    }

    [Fact]
    public void UnknownOrigin_SingleObject_HasNoRangeWrapper()
    {
        var output = new StringWriter();
        using var rpt = ReportFormatter.Create(output, "version", "{{.Nope}}", new ReportOptions { Origin = ReportOrigin.Unknown });
        var ex = Assert.Throws<TemplateException>(() => rpt.WriteRow(T.Image()));
        Assert.Equal("template: version:1:2: executing \"version\" at <.Nope>: can't evaluate field Nope in type *inspect.ImageData", ex.Message);
    }

    [Fact]
    public void Create_ExtraFunctions_OverrideDefaults()
    {
        var output = new StringWriter();
        var functions = new Dictionary<string, TemplateFunction> { ["upper"] = TemplateFunction.FromStringFunc(s => "<" + s + ">") };
        using (var rpt = ReportFormatter.Create(output, "inspect", "{{upper .Os}}", new ReportOptions { Functions = functions }))
        {
            rpt.Execute(new List<object?> { T.Image() });
        }
        Assert.Equal("<linux>\n", output.ToString());
    }

    [Fact]
    public void UnknownOrigin_TableFormat_RangesOverTheObjectLikePodman()
    {
        var output = new StringWriter();
        using var rpt = ReportFormatter.Create(output, "version", "table {{.Version}}", new ReportOptions { Origin = ReportOrigin.Unknown });
        var client = new TestStruct("*define.Version", ("Version", "4.3.1"), ("Os", "linux"));
        var ex = Assert.Throws<TemplateException>(() => rpt.WriteRow(client));
        Assert.Equal("template: version:1:8: executing \"version\" at <.>: range can't iterate over {4.3.1 linux}", ex.Message);
    }
}
