using Berth.Build.Containerfile;

namespace Berth.Build.Tests.Containerfile;

/// <summary>Whole Containerfiles: the tutorial's web server, a multi-stage build, global ARGs, stage names.</summary>
public sealed class ContainerfileParserTests
{
    private const string WebServer = """
        ARG BASE=debian:bookworm
        FROM $BASE
        LABEL maintainer="x@example.com" description="web"
        EXPOSE 8080
        ENV PORT=8080 \
            ROOT=/var/www
        RUN apt-get install -y busybox && \
            mkdir -p /var/www
        WORKDIR /var/www
        VOLUME /var/www
        COPY index.html /var/www/
        CMD ["busybox", "httpd", "-f", "-p", "8080"]

        """;

    private const string MultiStage = """
        # syntax=docker/dockerfile:1
        ARG GO_VERSION=1.22
        FROM golang:${GO_VERSION} AS Build
        WORKDIR /src
        RUN --mount=type=cache,target=/root/.cache --network=none go build -o /out/app .
        RUN <<EOF
        set -e
        echo built > /out/stamp
        EOF
        COPY <<-EOT /etc/app.conf
        	listen=8080
        	root=$ROOT
        EOT

        FROM debian:bookworm AS runtime
        COPY --from=build --chown=app:app /out/app /usr/local/bin/app
        COPY --from=build /out/stamp /stamp
        ENTRYPOINT ["/usr/local/bin/app"]

        """;

    [Fact]
    public void Parse_TutorialWebServer_GivesGlobalArgAndOneStageInOrder()
    {
        var doc = ContainerfileParser.Parse(WebServer, "Containerfile");

        var arg = Assert.Single(doc.GlobalArgs);
        Assert.Equal([new KeyValueWord("BASE", "debian:bookworm")], arg.Args);
        var stage = Assert.Single(doc.Stages);
        Assert.Equal(0, stage.Index);
        Assert.Null(stage.Name);
        Assert.Equal("$BASE", stage.From.Image);
        Assert.Equal(new SourceLocation("Containerfile", 2), stage.From.Location);
        Assert.Equal(
            ["LABEL", "EXPOSE", "ENV", "RUN", "WORKDIR", "VOLUME", "COPY", "CMD"],
            stage.Instructions.Select(i => i.Keyword));
        Assert.Equal([3, 4, 5, 7, 9, 10, 11, 12], stage.Instructions.Select(i => i.Location.Line));
        Assert.Equal('\\', doc.EscapeCharacter);
        Assert.Equal("Containerfile", doc.File);
    }

    [Fact]
    public void Parse_TutorialWebServer_KeepsWordsForTheExecutor()
    {
        var stage = ContainerfileParser.Parse(WebServer, "Containerfile").Stages[0];

        var label = Assert.IsType<LabelInstruction>(stage.Instructions[0]);
        Assert.Equal([new KeyValueWord("maintainer", "\"x@example.com\""), new KeyValueWord("description", "\"web\"")], label.Labels);
        Assert.Equal(["8080"], Assert.IsType<ExposeInstruction>(stage.Instructions[1]).Ports);
        var env = Assert.IsType<EnvInstruction>(stage.Instructions[2]);
        Assert.Equal([new KeyValueWord("PORT", "8080"), new KeyValueWord("ROOT", "/var/www")], env.Variables);
        Assert.Equal("ENV PORT=8080     ROOT=/var/www", env.Original);
        var run = Assert.IsType<RunInstruction>(stage.Instructions[3]);
        Assert.False(run.Command.IsJson);
        Assert.Equal("apt-get install -y busybox &&     mkdir -p /var/www", run.Command.Text);
        Assert.Equal("RUN apt-get install -y busybox &&     mkdir -p /var/www", run.Original);
        Assert.Equal("/var/www", Assert.IsType<WorkdirInstruction>(stage.Instructions[4]).Path);
        Assert.Equal(["/var/www"], Assert.IsType<VolumeInstruction>(stage.Instructions[5]).Paths);
        var copy = Assert.IsType<CopyInstruction>(stage.Instructions[6]);
        Assert.False(copy.IsAdd);
        Assert.Equal(["index.html"], copy.Sources);
        Assert.Equal("/var/www/", copy.Destination);
        var cmd = Assert.IsType<CmdInstruction>(stage.Instructions[7]);
        Assert.True(cmd.Command.IsJson);
        Assert.Equal(["busybox", "httpd", "-f", "-p", "8080"], cmd.Command.Words);
        Assert.Equal("CMD [\"busybox\", \"httpd\", \"-f\", \"-p\", \"8080\"]", cmd.Original);
    }

    [Fact]
    public void Parse_MultiStage_NamesStagesLowerCaseAndKeepsFlags()
    {
        var doc = ContainerfileParser.Parse(MultiStage, "Dockerfile");

        Assert.Equal("docker/dockerfile:1", doc.Syntax);
        Assert.Equal([new KeyValueWord("GO_VERSION", "1.22")], Assert.Single(doc.GlobalArgs).Args);
        Assert.Equal(2, doc.Stages.Count);
        Assert.Equal("build", doc.Stages[0].Name);
        Assert.Equal("golang:${GO_VERSION}", doc.Stages[0].From.Image);
        Assert.Equal("runtime", doc.Stages[1].Name);
        Assert.Equal(1, doc.Stages[1].Index);

        var run = Assert.IsType<RunInstruction>(doc.Stages[0].Instructions[1]);
        Assert.Equal([new InstructionFlag("mount", "type=cache,target=/root/.cache"), new InstructionFlag("network", "none")], run.Flags);
        Assert.Equal(["type=cache,target=/root/.cache"], run.FlagValues("mount"));
        Assert.Equal("none", run.Flag("network"));
        Assert.Equal("go build -o /out/app .", run.Command.Text);

        var copy = Assert.IsType<CopyInstruction>(doc.Stages[1].Instructions[0]);
        Assert.Equal("build", copy.Flag("from"));
        Assert.Equal("app:app", copy.Flag("chown"));
        Assert.Equal(["/out/app"], copy.Sources);
        Assert.Equal("/usr/local/bin/app", copy.Destination);
        Assert.Equal(new SourceLocation("Dockerfile", 16), copy.Location);
    }

    [Fact]
    public void Parse_MultiStage_ReadsHeredocBodies()
    {
        var stage = ContainerfileParser.Parse(MultiStage, "Dockerfile").Stages[0];

        var run = Assert.IsType<RunInstruction>(stage.Instructions[2]);
        Assert.Equal("<<EOF", run.Command.Text);
        Assert.Equal([new Heredoc("EOF", "set -e\necho built > /out/stamp\n", Expand: true, Chomp: false)], run.Heredocs);
        var copy = Assert.IsType<CopyInstruction>(stage.Instructions[3]);
        Assert.Equal(["<<-EOT"], copy.Sources);
        Assert.Equal("/etc/app.conf", copy.Destination);
        Assert.Equal(new Heredoc("EOT", "listen=8080\nroot=$ROOT\n", Expand: true, Chomp: true), copy.HeredocFor("<<-EOT"));
        Assert.Null(copy.HeredocFor("index.html"));
        Assert.Equal(new SourceLocation("Dockerfile", 10), copy.Location);
    }

    [Fact]
    public void Parse_StageNameInAnyCase_IsStoredLowerCase()
    {
        var doc = ContainerfileParser.Parse("from alpine as MyStage\nfrom scratch\n", "Containerfile");

        Assert.Equal("mystage", doc.Stages[0].Name);
        Assert.Equal("FROM", doc.Stages[0].From.Keyword);
        Assert.Null(doc.Stages[1].Name);
        Assert.Empty(doc.Stages[1].Instructions);
    }

    [Fact]
    public void Parse_FromPlatform_IsAFlag()
    {
        var from = ContainerfileParser.Parse("FROM --platform=$BUILDPLATFORM golang AS b\n", "C").Stages[0].From;

        Assert.Equal("$BUILDPLATFORM", from.Flag("platform"));
        Assert.Equal("golang", from.Image);
    }

    [Fact]
    public void Parse_ArgsBetweenStages_BelongToTheStage()
    {
        var doc = ContainerfileParser.Parse("ARG A\nARG B=2 C\nFROM x\nARG A\n", "C");

        Assert.Equal(2, doc.GlobalArgs.Count);
        Assert.Equal([new KeyValueWord("B", "2"), new KeyValueWord("C", null)], doc.GlobalArgs[1].Args);
        Assert.Equal([new KeyValueWord("A", null)], Assert.IsType<ArgInstruction>(Assert.Single(doc.Stages[0].Instructions)).Args);
    }

    [Fact]
    public void Parse_ErrorInSecondStage_NamesFileAndLine()
    {
        var error = Assert.Throws<BerthException>(() => ContainerfileParser.Parse("FROM a\nRUN x\n\nFROM b\n  COPY \\\n   onlyone\n", "sub/Dockerfile.dev"));

        Assert.StartsWith("sub/Dockerfile.dev:5: COPY requires at least two arguments", error.Message, StringComparison.Ordinal);
    }
}
