using Berth.Build.Containerfile;

namespace Berth.Build.Tests.Containerfile;

/// <summary>
/// Bad Containerfiles against podman 4.3.1's recorded answers (Golden/errors: cases/NAME.Containerfile, podman/NAME.txt,
/// re-recorded by record.sh). Each case states Berth's whole message and the words of podman's message it keeps; where
/// podman's words are not kept (or podman accepts the file) the case says why, and Golden/errors/README.md lists it.
/// </summary>
public sealed class ContainerfileErrorGoldenTests
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "Containerfile", "Golden", "errors");

    /// <summary>case, Berth's message, the part of podman's recorded stderr Berth keeps word for word (null: a
    /// documented difference; then <see cref="Deviations"/> gives what podman printed instead).</summary>
    public static TheoryData<string, string, string?> Cases => new()
    {
        { "unknown-instruction", "Containerfile:2: Unknown instruction: \"FOO\"", "Unknown instruction: \"FOO\"" },
        { "no-from", "Containerfile:2: no stages to build: the file has no FROM instruction", "no stages to build" },
        { "comments-only", "Containerfile:2: no stages to build: the file has no FROM instruction", "no stages to build" },
        { "empty-file", "Containerfile:1: no contents in \"Containerfile\"", "no contents in \"Containerfile\"" },
        { "from-without-image", "Containerfile:1: FROM requires either one argument, or three: FROM <source> [as <name>]", "FROM requires either one argument, or three: FROM <source> [as <name>]" },
        { "from-as-without-name", "Containerfile:1: FROM requires either one argument, or three: FROM <source> [as <name>]", "FROM requires either one argument, or three: FROM <source> [as <name>]" },
        { "from-too-many-words", "Containerfile:1: FROM requires either one argument, or three: FROM <source> [as <name>]", "FROM requires either one argument, or three: FROM <source> [as <name>]" },
        { "env-no-arguments", "Containerfile:2: ENV requires at least one argument", "ENV requires at least one argument" },
        { "env-legacy-without-value", "Containerfile:2: ENV must have two arguments", "ENV must have two arguments" },
        { "env-missing-equals", "Containerfile:2: ENV: Syntax error - can't find = in \"B\". Must be of the form: name=value", "Syntax error - can't find = in \"B\". Must be of the form: name=value" },
        { "label-no-arguments", "Containerfile:2: LABEL requires at least one argument", "LABEL requires at least one argument" },
        { "label-legacy-without-value", "Containerfile:2: LABEL must have two arguments", "LABEL must have two arguments" },
        { "workdir-no-arguments", "Containerfile:2: WORKDIR requires exactly one argument", "WORKDIR requires exactly one argument" },
        { "user-no-arguments", "Containerfile:2: USER requires exactly one argument", "USER requires exactly one argument" },
        { "stopsignal-no-arguments", "Containerfile:2: STOPSIGNAL requires exactly one argument", "STOPSIGNAL requires exactly one argument" },
        { "maintainer-no-arguments", "Containerfile:2: MAINTAINER requires exactly one argument", "MAINTAINER requires exactly one argument" },
        { "expose-no-arguments", "Containerfile:2: EXPOSE requires at least one argument", "EXPOSE requires at least one argument" },
        { "volume-no-arguments", "Containerfile:2: VOLUME requires at least one argument", "VOLUME requires at least one argument" },
        { "volume-empty-path", "Containerfile:2: VOLUME: Volume specified can not be an empty string", "Volume specified can not be an empty string" },
        { "onbuild-no-arguments", "Containerfile:2: ONBUILD requires at least one argument", "ONBUILD requires at least one argument" },
        { "onbuild-onbuild", "Containerfile:2: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed", "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed" },
        { "onbuild-from", "Containerfile:2: FROM isn't allowed as an ONBUILD trigger", "FROM isn't allowed as an ONBUILD trigger" },
        { "onbuild-maintainer", "Containerfile:2: MAINTAINER isn't allowed as an ONBUILD trigger", "MAINTAINER isn't allowed as an ONBUILD trigger" },
        { "shell-not-json", "Containerfile:2: SHELL requires the arguments to be in JSON form", "SHELL requires the arguments to be in JSON form" },
        { "shell-empty-json", "Containerfile:2: SHELL requires at least one argument", "SHELL requires at least one argument" },
        { "shell-json-not-strings", "Containerfile:2: SHELL: when using JSON array syntax, arrays must be comprised of strings only", "when using JSON array syntax, arrays must be comprised of strings only" },
        { "run-json-not-strings", "Containerfile:2: RUN: when using JSON array syntax, arrays must be comprised of strings only", "when using JSON array syntax, arrays must be comprised of strings only" },
        { "healthcheck-no-arguments", "Containerfile:2: HEALTHCHECK requires at least one argument", "HEALTHCHECK requires at least one argument" },
        { "healthcheck-unknown-type", "Containerfile:2: Unknown type \"FOO\" in HEALTHCHECK (try CMD)", "Unknown type \"FOO\" in HEALTHCHECK (try CMD)" },
        { "healthcheck-cmd-without-command", "Containerfile:2: Missing command after HEALTHCHECK CMD", "Missing command after HEALTHCHECK CMD" },
        { "healthcheck-none-with-arguments", "Containerfile:2: HEALTHCHECK NONE takes no arguments", "HEALTHCHECK NONE takes no arguments" },
        { "healthcheck-bad-interval", "Containerfile:2: HEALTHCHECK: time: invalid duration \"abc\"", "time: invalid duration \"abc\"" },
        { "healthcheck-interval-without-unit", "Containerfile:2: HEALTHCHECK: time: missing unit in duration \"5\"", "time: missing unit in duration \"5\"" },
        { "healthcheck-zero-interval", "Containerfile:2: HEALTHCHECK: Interval \"interval\" must be positive", "Interval \"interval\" must be positive" },
        { "healthcheck-negative-timeout", "Containerfile:2: HEALTHCHECK: Interval \"timeout\" must be positive", "Interval \"timeout\" must be positive" },
        { "healthcheck-zero-start-period", "Containerfile:2: HEALTHCHECK: Interval \"start-period\" must be positive", "Interval \"start-period\" must be positive" },
        { "healthcheck-zero-retries", "Containerfile:2: HEALTHCHECK --retries must be at least 1 (not 0)", "--retries must be at least 1 (not 0)" },
        { "healthcheck-bad-retries", "Containerfile:2: HEALTHCHECK: strconv.ParseInt: parsing \"x\": invalid syntax", "strconv.ParseInt: parsing \"x\": invalid syntax" },
        { "escape-invalid", "Containerfile:1: invalid ESCAPE 'x'. Must be ` or \\", "invalid ESCAPE 'x'. Must be ` or \\" },
        { "escape-twice", "Containerfile:2: only one escape parser directive can be used", "only one escape parser directive can be used" },

        // Differences (see Deviations for podman's words and Golden/errors/README.md for the reasons).
        { "instruction-before-from", "Containerfile:1: RUN: no build stage in current context (only ARG may come before the first FROM)", null },
        { "duplicate-stage-name", "Containerfile:2: FROM: duplicate stage name \"base\" (first used at Containerfile:1)", null },
        { "from-bad-stage-name", "Containerfile:1: FROM: invalid name for build stage: \"1bad\", name can't start with a number or contain symbols", null },
        { "syntax-twice", "Containerfile:2: only one syntax parser directive can be used", null },
        { "copy-one-argument", "Containerfile:2: COPY requires at least two arguments, but only one was provided. Destination could not be determined", null },
        { "copy-no-arguments", "Containerfile:2: COPY requires at least two arguments", null },
        { "add-one-argument", "Containerfile:2: ADD requires at least two arguments, but only one was provided. Destination could not be determined", null },
        { "arg-no-arguments", "Containerfile:2: ARG requires at least one argument", null },
        { "unknown-flag-copy", "Containerfile:2: COPY: unknown flag: foo", null },
        { "unknown-flag-add", "Containerfile:2: ADD: unknown flag: foo", null },
        { "unknown-flag-run", "Containerfile:2: RUN: unknown flag: foo", null },
        { "unknown-flag-from", "Containerfile:1: FROM: unknown flag: foo", null },
        { "unknown-flag-workdir", "Containerfile:2: WORKDIR: unknown flag: foo", null },
        { "healthcheck-unknown-flag", "Containerfile:2: HEALTHCHECK: unknown flag: foo", null },
        { "flag-without-value", "Containerfile:2: COPY: missing a value on flag: from", null },
        { "duplicate-flag", "Containerfile:2: COPY: duplicate flag specified: from", null },
        { "bool-flag-bad-value", "Containerfile:2: COPY: expecting boolean value for flag link, not: maybe", null },
        { "heredoc-unterminated", "Containerfile:2: unterminated heredoc EOF", null },
        { "copy-heredoc-destination", "Containerfile:2: COPY cannot accept a heredoc as a destination", null },
    };

    /// <summary>For each difference: podman's exit code and a part of what it printed (proof of what we differ from).</summary>
    private static readonly Dictionary<string, (int Exit, string Podman)> Deviations = new()
    {
        ["instruction-before-from"] = (0, ""), // podman ignores the RUN and builds
        ["duplicate-stage-name"] = (0, ""),
        ["from-bad-stage-name"] = (0, ""),
        ["syntax-twice"] = (0, ""),
        ["copy-one-argument"] = (125, "COPY requires at least one argument"),
        ["copy-no-arguments"] = (125, "COPY requires at least one argument"),
        ["add-one-argument"] = (125, "ADD requires at least one argument"),
        ["arg-no-arguments"] = (2, "panic: runtime error: invalid memory address or nil pointer dereference"),
        ["unknown-flag-copy"] = (125, "COPY only supports the --chmod=<permissions> --chown=<uid:gid> and the --from=<image|stage> flags"),
        ["unknown-flag-add"] = (125, "ADD only supports the --chmod=<permissions> and the --chown=<uid:gid> flag"),
        ["unknown-flag-run"] = (125, "RUN only supports the --mount flag"),
        ["unknown-flag-from"] = (125, "FROM only supports the --platform flag"),
        ["unknown-flag-workdir"] = (0, ""),
        ["healthcheck-unknown-flag"] = (125, "flag provided but not defined: -foo"),
        ["flag-without-value"] = (125, "COPY only supports the --chmod=<permissions> --chown=<uid:gid> and the --from=<image|stage> flags"),
        ["duplicate-flag"] = (125, "COPY --from=a: no stage or image found with that name"),
        ["bool-flag-bad-value"] = (125, "COPY only supports the --chmod=<permissions> --chown=<uid:gid> and the --from=<image|stage> flags"),
        ["heredoc-unterminated"] = (125, "Unknown instruction: \"ECHO\""),
        ["copy-heredoc-destination"] = (125, "no such file or directory"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_RecordedBadContainerfile_FailsWithFileLineAndPodmansWords(string name, string expected, string? kept)
    {
        var text = File.ReadAllText(Path.Combine(Dir, "cases", name + ".Containerfile"));
        var recorded = File.ReadAllLines(Path.Combine(Dir, "podman", name + ".txt"));
        var podmanExit = int.Parse(recorded[0]["exit ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var podmanOutput = string.Join('\n', recorded.Skip(1));

        var error = Assert.Throws<BerthException>(() => ContainerfileParser.Parse(text, "Containerfile"));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(expected, error.Message);
        if (kept is not null)
        {
            Assert.Equal(125, podmanExit);
            Assert.Contains("Error: ", podmanOutput, StringComparison.Ordinal);
            Assert.Contains(kept, podmanOutput, StringComparison.Ordinal);
            Assert.Contains(kept, error.Message, StringComparison.Ordinal);
        }
        else
        {
            var (exit, podman) = Deviations[name];
            Assert.Equal(exit, podmanExit);
            Assert.Contains(podman, podmanOutput, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Cases_EveryRecordedCase_IsTested()
    {
        var recorded = Directory.GetFiles(Path.Combine(Dir, "cases"), "*.Containerfile").Select(f => Path.GetFileNameWithoutExtension(f)).Order();
        var tested = Cases.Select(row => (string)row[0]).Order();
        Assert.Equal(recorded, tested);
        Assert.All(Deviations.Keys, name => Assert.Contains(name, tested));
    }
}
