using Berth.Templates;
using Berth.Cli.CommandLine;
using Berth.Cli.Output;
using Berth.Engine.Info;

namespace Berth.Cli.Commands;

/// <summary><c>info</c> / <c>system info</c>: host, store, registries, plugins and version.</summary>
public static class InfoCommand
{
    public static CommandSpec Podman(string name) => new(name, "Display berth system information")
    {
        Description = "Display information pertaining to the host, current storage stats, and build of berth.\n\nUseful for the user and when reporting issues.",
        Example = "{path}\n{path} --format json\n{path} --format '{{.Host.OCIRuntime.Name}}'",
        Options = [OptionSpec.Text("format", 'f', "Change the output format to JSON or a Go template")],
        Action = PodmanAsync,
    };

    public static CommandSpec Buildah() => new("info", "Display Buildah system information")
    {
        Description = "Display information about the host and current storage statistics which are useful when reporting issues.",
        Example = "{path}",
        Options =
        [
            OptionSpec.Flag("debug", 'd', "display additional debug information"),
            OptionSpec.Text("format", null, "use `format` as a Go template to format the output"),
        ],
        Action = BuildahAsync,
    };

    private static async Task<int> PodmanAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var view = await InfoViewAsync(invocation, cancellationToken).ConfigureAwait(false);
        var format = invocation.Options.GetString("format");
        if (string.IsNullOrEmpty(format))
        {
            // podman prints the YAML document followed by one more newline.
            await invocation.Out.WriteLineAsync(YamlOutput.FromJson(ViewJson.Compact(view))).ConfigureAwait(false);
            return 0;
        }

        FormatOutput.WriteOne(invocation.Out, "info", format, view, () => ViewJson.Indented(view) + "\n");
        return 0;
    }

    /// <summary>buildah prints its info as indented JSON unless a template is given.</summary>
    private static async Task<int> BuildahAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var view = await InfoViewAsync(invocation, cancellationToken).ConfigureAwait(false);
        var format = invocation.Options.GetString("format");
        if (string.IsNullOrEmpty(format))
        {
            invocation.Out.WriteLine(ViewJson.Indented(view, "    "));
            return 0;
        }

        FormatOutput.WriteOne(invocation.Out, "info", format, view, () => ViewJson.Indented(view) + "\n");
        return 0;
    }

    private static async Task<GoStruct> InfoViewAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var engine = EngineFactory.Create(invocation);
        var info = await new SystemInfoService(engine.Settings, engine.RegistriesConf).InfoAsync(cancellationToken).ConfigureAwait(false);
        return SystemViews.Info(info);
    }
}
