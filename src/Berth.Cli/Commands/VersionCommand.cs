using Berth.Templates;
using Berth.Cli.CommandLine;
using Berth.Cli.Output;
using Berth.Engine;
using Berth.Engine.Info;

namespace Berth.Cli.Commands;

/// <summary><c>version</c>: podman's (table, JSON or template) and buildah's (aligned list or --json).</summary>
public static class VersionCommand
{
    public static CommandSpec Podman() => new("version", "Display the Berth version information")
    {
        Description = "Display the version of Berth and of the podman-compatible interfaces it provides",
        Options = [OptionSpec.Text("format", 'f', "Change the output format to JSON or a Go template")],
        Action = PodmanAsync,
    };

    public static CommandSpec Buildah() => new("version", "Display the Buildah version information")
    {
        Description = "Displays Buildah version information.",
        Example = "{path}",
        Options = [OptionSpec.Flag("json", null, "output in JSON format")],
        Action = BuildahAsync,
    };

    private static Task<int> PodmanAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var v = VersionInfo.Current;
        var format = invocation.Options.GetString("format");
        if (!string.IsNullOrEmpty(format))
        {
            var report = SystemViews.VersionReport(v);
            try
            {
                FormatOutput.WriteOne(invocation.Out, "version", format, report, () => ViewJson.Compact(report) + "\n");
            }
            catch (Templates.TemplateException) when (format.Contains(".Server.", StringComparison.Ordinal))
            {
                // podman: without a remote server, a failed template is retried with .Server. read as the client.
                var client = SystemViews.Version(v, "*define.Version");
                FormatOutput.WriteOne(invocation.Out, "version", format.Replace(".Server.", ".", StringComparison.Ordinal), client, () => ViewJson.Compact(client) + "\n");
            }

            return Task.FromResult(0);
        }

        var o = invocation.Out;
        o.WriteLine("Client:       Berth Engine");
        o.WriteLine($"Version:      {v.Version}");
        o.WriteLine($"API Version:  {v.APIVersion}");
        o.WriteLine($"Runtime:      {v.GoVersion}");
        if (v.GitCommit.Length > 0)
        {
            o.WriteLine($"Git Commit:   {v.GitCommit}");
        }

        o.WriteLine($"Built:        {v.BuiltTime}");
        o.WriteLine($"OS/Arch:      {v.OsArch}");
        return Task.FromResult(0);
    }

    private static Task<int> BuildahAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var v = VersionInfo.Current;
        (string Label, string Json, string Value)[] rows =
        [
            ("Version", "version", v.Version),
            ("Runtime", "goVersion", v.GoVersion),
            ("Image Spec", "imageSpec", "1.1.0"),
            ("Runtime Spec", "runtimeSpec", "1.2.0"),
            ("Git Commit", "gitCommit", v.GitCommit),
            ("Built", "built", v.BuiltTime),
            ("OS/Arch", "osArch", v.OsArch),
            ("BuildPlatform", "buildPlatform", v.OsArch),
        ];
        if (invocation.Options.GetBool("json"))
        {
            var view = new GoStruct("buildah.versionInfo", rows.Select(r => new GoField(r.Label, r.Json, r.Value)).ToArray());
            invocation.Out.WriteLine(ViewJson.Indented(view, "    "));
            return Task.FromResult(0);
        }

        foreach (var (label, _, value) in rows)
        {
            invocation.Out.WriteLine($"{label + ":",-17}{value}");
        }

        return Task.FromResult(0);
    }
}
