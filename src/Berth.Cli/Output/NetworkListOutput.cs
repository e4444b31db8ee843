using Berth.Network.Model;
using Berth.Templates;

namespace Berth.Cli.Output;

/// <summary>How <c>network ls</c> prints (podman 4.3.1's cmd/podman/networks/list.go).</summary>
public sealed record NetworkListOptions
{
    /// <summary>The user's <c>--format</c>; null when not given.</summary>
    public string? Format { get; init; }
    public bool Quiet { get; init; }
    public bool NoTrunc { get; init; }
    public bool NoHeading { get; init; }
}

public static class NetworkListOutput
{
    /// <summary>podman's default: ID, name and driver under NETWORK ID, NAME, DRIVER.</summary>
    public const string DefaultFormat = "{{range .}}{{.ID}}\t{{.Name}}\t{{.Driver}}\n{{end -}}";

    /// <summary>-q prints names (before any --format); json prints the networks indented by two spaces; else the template.</summary>
    public static void Write(TextWriter output, IReadOnlyList<NetworkDefinition> networks, NetworkListOptions options)
    {
        var sorted = networks.OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
        if (options.Quiet)
        {
            foreach (var n in sorted)
            {
                output.Write(n.Name);
                output.Write('\n');
            }

            return;
        }

        if (options.Format is { } f && ReportFormatter.IsJson(f))
        {
            output.Write(GoJson.Serialize(sorted.Select(n => (object?)NetworkViews.Network(n)).ToList(), escapeHtml: true, indent: "  "));
            output.Write('\n');
            return;
        }

        var formatter = ReportFormatter.Create(output, "ls", options.Format ?? DefaultFormat, new ReportOptions
        {
            Origin = options.Format is null ? ReportOrigin.Podman : ReportOrigin.User,
            NoHeading = options.NoHeading,
            HeaderOverrides = NetworkViews.ListHeaderOverrides,
        });
        try
        {
            formatter.WriteHeader(NetworkViews.Fields);
            formatter.Execute(new GoSlice("[]network.ListPrintReports", [.. sorted.Select(n => (object?)NetworkViews.ListRow(n, options.NoTrunc))]));
        }
        finally
        {
            formatter.Flush();
        }
    }
}
