using System.Globalization;
using Berth.Build.Builders;
using Berth.Build.Containerfile;
using Berth.Oci;

namespace Berth.Build.Execution;

/// <summary>One step worked out before it runs: its history line, what else its cache key needs, and either the
/// config it produces (metadata steps) or the work it does in the working container (RUN, COPY, ADD).</summary>
internal sealed record StepPlan
{
    public required string CreatedBy { get; init; }

    public string KeyExtra { get; init; } = "";

    public ImageConfiguration? Config { get; init; }

    public Func<BuilderState, CancellationToken, Task>? Execute { get; init; }

    public bool ChangesFiles => Execute is not null;

    public string Comment { get; init; } = "";
}

internal sealed partial class StageBuilder
{
    private const string Nop = "/bin/sh -c #(nop) ";

    private string Expand(string word) => WordExpander.ExpandWord(word, n => variables.Lookup(n, Env), Escape);

    private IReadOnlyList<string> ExpandWords(string text) => WordExpander.ExpandWords(text, n => variables.Lookup(n, Env), Escape);

    private ContainerConfig Run => config.Config ?? new ContainerConfig();

    private StepPlan Metadata(Instruction instruction, ContainerConfig run) => new()
    {
        CreatedBy = Nop + instruction.Original,
        Config = config with { Config = run },
    };

    private async Task<StepPlan> PlanAsync(Instruction instruction, CancellationToken cancellationToken)
    {
        var run = Run;
        switch (instruction)
        {
            case EnvInstruction env:
            {
                var list = (run.Env ?? []).ToList();
                var values = env.Variables.Select(v => (v.Key, Value: Expand(v.Value ?? ""))).ToList();
                foreach (var (key, value) in values)
                {
                    list.RemoveAll(e => e.Split('=', 2)[0] == key);
                    list.Add($"{key}={value}");
                }

                return Metadata(instruction, run with { Env = list });
            }

            case LabelInstruction label:
            {
                var labels = new Dictionary<string, string>(run.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
                foreach (var l in label.Labels)
                {
                    labels[Expand(l.Key)] = Expand(l.Value ?? "");
                }

                return Metadata(instruction, run with { Labels = labels });
            }

            case MaintainerInstruction maintainer:
                return new StepPlan { CreatedBy = Nop + instruction.Original, Config = config with { Author = maintainer.Maintainer } };
            case WorkdirInstruction workdir:
            {
                var path = Expand(workdir.Path);
                var current = string.IsNullOrEmpty(run.WorkingDir) ? "/" : run.WorkingDir;
                return Metadata(instruction, run with { WorkingDir = CleanPath(path.StartsWith('/') ? path : current.TrimEnd('/') + "/" + path) });
            }

            case UserInstruction user:
                return Metadata(instruction, run with { User = Expand(user.User) });
            case ExposeInstruction expose:
            {
                var ports = new Dictionary<string, EmptyObject>(run.ExposedPorts ?? new Dictionary<string, EmptyObject>(), StringComparer.Ordinal);
                foreach (var word in expose.Ports.SelectMany(p => ExpandWords(p)))
                {
                    ports[word.Contains('/', StringComparison.Ordinal) ? word.ToLowerInvariant() : word + "/tcp"] = EmptyObject.Instance;
                }

                return Metadata(instruction, run with { ExposedPorts = ports });
            }

            case VolumeInstruction volume:
            {
                var volumes = new Dictionary<string, EmptyObject>(run.Volumes ?? new Dictionary<string, EmptyObject>(), StringComparer.Ordinal);
                foreach (var path in volume.Paths.Select(Expand).Where(p => p.Length > 0))
                {
                    volumes[path] = EmptyObject.Instance;
                }

                return Metadata(instruction, run with { Volumes = volumes });
            }

            case StopSignalInstruction signal:
                return Metadata(instruction, run with { StopSignal = Expand(signal.Signal) });
            case CmdInstruction cmd:
                cmdSet = true;
                return Metadata(instruction, run with { Cmd = CommandOf(cmd.Command) });
            case EntrypointInstruction entrypoint:
                // Docker: an ENTRYPOINT drops a CMD the base image set; a CMD of this stage stays.
                return Metadata(instruction, run with { Entrypoint = CommandOf(entrypoint.Command), Cmd = cmdSet ? run.Cmd : null });
            case ShellInstruction shell:
                return Metadata(instruction, run with { Shell = shell.Shell });
            case OnbuildInstruction onbuild:
                return Metadata(instruction, run with { OnBuild = [.. run.OnBuild ?? [], onbuild.Trigger] });
            case HealthcheckInstruction health:
                return Metadata(instruction, run with { Healthcheck = health.Health });
            case ArgInstruction arg:
                foreach (var a in arg.Args)
                {
                    variables.Declare(a, Env, Escape);
                }

                return new StepPlan { CreatedBy = Nop + instruction.Original, Config = config, KeyExtra = ArgsText() };
            case RunInstruction r:
                return PlanRun(r);
            case CopyInstruction copy:
                return await PlanCopyAsync(copy, cancellationToken).ConfigureAwait(false);
            default:
                throw BerthException.InvalidArgument($"{instruction.Location}: {instruction.Keyword} is not supported in a build step");
        }
    }

    /// <summary>Exec form as given; shell form through the stage's SHELL (default <c>/bin/sh -c</c>).</summary>
    private IReadOnlyList<string> CommandOf(CommandForm command) =>
        command.IsJson ? command.Words : [.. Run.Shell ?? ["/bin/sh", "-c"], command.Text];

    /// <summary>The declared ARGs as Docker's RUN history prefix: <c>|2 A=1 B=2 </c>.</summary>
    private string ArgsText()
    {
        var args = variables.Declared.Where(d => variables.Lookup(d.Key, []) is not null).ToList();
        return args.Count == 0 ? "" : $"|{args.Count.ToString(CultureInfo.InvariantCulture)} {string.Join(' ', args.Select(a => $"{a.Key}={a.Value}"))} ";
    }

    /// <summary>Go's path.Clean for absolute paths.</summary>
    internal static string CleanPath(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(part);
        }

        return "/" + string.Join('/', parts);
    }
}
