using Berth.Build.Builders;
using Berth.Cli.CommandLine;

namespace Berth.Cli.Commands.Buildah;

/// <summary><c>buildah config</c>: flags to a <see cref="BuilderConfigEdit"/> applied to the stored builder.</summary>
public static class BuildahConfigActions
{
    private static readonly string[] Unsupported = ["add-history", "domainname", "hostname"];

    public static Task<int> ConfigAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var name = invocation.Arguments switch
        {
            [] => throw new BerthException(ErrorKind.InvalidArgument, "container ID must be specified"),
            [var one] => one,
            _ => throw new BerthException(ErrorKind.InvalidArgument, "too many arguments specified"),
        };
        BuildahSession.RefuseUnsupported(invocation, Unsupported);
        string? Text(string flag) => o.Changed(flag) ? o.GetString(flag) ?? "" : null;
        var edit = new BuilderConfigEdit
        {
            Cmd = Text("cmd"),
            Entrypoint = Text("entrypoint"),
            Env = o.GetStrings("env"),
            Ports = o.GetStrings("port"),
            Labels = o.GetStrings("label"),
            Annotations = o.GetStrings("annotation"),
            Volumes = o.GetStrings("volume"),
            OnBuild = o.GetStrings("onbuild"),
            WorkingDir = Text("workingdir"),
            User = Text("user"),
            Author = Text("author"),
            CreatedBy = Text("created-by"),
            StopSignal = Text("stop-signal"),
            Shell = Text("shell"),
            Comment = Text("comment"),
            HistoryComment = Text("history-comment"),
            Architecture = Text("arch"),
            OS = Text("os"),
            Variant = Text("variant"),
            OSVersion = Text("os-version"),
            OSFeature = Text("os-feature"),
            Healthcheck = Text("healthcheck"),
            HealthcheckInterval = Text("healthcheck-interval"),
            HealthcheckTimeout = Text("healthcheck-timeout"),
            HealthcheckStartPeriod = Text("healthcheck-start-period"),
            HealthcheckRetries = o.Changed("healthcheck-retries") ? (int)o.GetInt("healthcheck-retries") : null,
        };
        using var session = BuildahSession.Open(invocation);
        var state = session.Find(name);
        session.Builders.Save(edit.ApplyTo(state, CliLog.Warn));
        return Task.FromResult(0);
    }
}
