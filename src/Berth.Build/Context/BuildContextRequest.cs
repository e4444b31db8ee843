namespace Berth.Build.Context;

/// <summary>What <c>podman build</c> was told about its context (see <see cref="BuildContext.OpenAsync"/>).</summary>
public sealed record BuildContextRequest
{
    /// <summary>The CONTEXT argument: a directory, a local tar archive (plain, gzip or zstd), an <c>http(s)://</c> URL
    /// of a tar archive or of a Containerfile, a git URL (<c>git://…</c>, <c>http(s)://….git</c>, optionally
    /// <c>#ref:subdir</c>), <c>github.com/owner/repo</c>, or <c>-</c> (an archive or a Containerfile on
    /// <see cref="StandardInput"/>). Null: the directory of the first local <see cref="Containerfiles"/> entry.</summary>
    public string? Location { get; init; }

    /// <summary>The <c>-f</c>/<c>--file</c> values as given (relative to <see cref="WorkingDirectory"/>, else to the
    /// context; <c>-</c> is standard input, read as <c>/dev/stdin</c>). Empty: <c>Containerfile</c>, else
    /// <c>Dockerfile</c>, in the context.</summary>
    public IReadOnlyList<string> Containerfiles { get; init; } = [];

    /// <summary><c>--ignorefile</c>: replaces the ignore-file lookup.</summary>
    public string? IgnoreFile { get; init; }

    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>Where temporary context directories are made (downloads, clones, extracted archives); default the system's temp directory.</summary>
    public string? TemporaryDirectory { get; init; }

    /// <summary>Client for <c>http(s)</c> contexts; a private one when null.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>The git program for git contexts.</summary>
    public string GitProgram { get; init; } = "git";

    /// <summary>Standard input, for a <c>-</c> context.</summary>
    public Stream? StandardInput { get; init; }
}
