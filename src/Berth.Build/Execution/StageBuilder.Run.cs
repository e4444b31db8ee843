using System.Security.Cryptography;
using System.Text;
using Berth.Build.Builders;
using Berth.Build.Containerfile;
using Berth.Oci;

namespace Berth.Build.Execution;

internal sealed partial class StageBuilder
{
    /// <summary>RUN: the command (heredoc scripts included), its mounts and network, run in the working container.</summary>
    private StepPlan PlanRun(RunInstruction r)
    {
        var argv = RunArguments(r);
        var network = NetworkMode(r.Flag("network"), r);
        var mounts = r.Flags.Where(f => f.Name == "mount").Select(f => f.Value ?? "").ToList();
        var createdBy = ArgsText() + string.Join(' ', argv);
        var extra = new StringBuilder();
        extra.Append("network=").Append(network.Text).Append('\n');
        foreach (var m in mounts)
        {
            extra.Append("mount=").Append(m).Append('\n');
        }

        foreach (var v in options.Volumes)
        {
            extra.Append("volume=").Append(v).Append('\n');
        }

        var env = variables.RunEnvironment(Env);
        return new StepPlan
        {
            CreatedBy = createdBy,
            KeyExtra = extra.ToString(),
            Execute = async (state, cancellationToken) =>
            {
                output.Flush();
                await using var prepared = await RunMounts.PrepareAsync(this, mounts, cancellationToken).ConfigureAwait(false);
                var code = await builders.RunAsync(state, new BuilderRunRequest
                {
                    Args = argv,
                    Env = env,
                    Network = network,
                    NetworkFiles = options.NetworkFiles,
                    Mounts = [.. prepared.Mounts, .. RunMounts.Volumes(options.Volumes)],
                    Output = output.RunStream,
                    Container = options.RunContainer,
                }, cancellationToken).ConfigureAwait(false);
                if (code != 0)
                {
                    throw new BerthException(ErrorKind.Internal, $"while running runtime: exit status {code}") { ExitCode = code };
                }
            },
        };
    }

    /// <summary>
    /// The argv of a RUN. A RUN that is only heredocs (<c>RUN &lt;&lt;EOF</c>) runs each body as a script through the
    /// SHELL; other heredocs stay in the shell text, which the shell feeds to the command (BuildKit's behaviour).
    /// </summary>
    private IReadOnlyList<string> RunArguments(RunInstruction r)
    {
        var shell = Run.Shell ?? ["/bin/sh", "-c"];
        if (r.Heredocs.Count == 0 || r.Command.IsJson)
        {
            return CommandOf(r.Command);
        }

        var text = r.Command.Text.Trim();
        var onlyHeredocs = text.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries).All(w => w.StartsWith("<<", StringComparison.Ordinal));
        if (onlyHeredocs && r.Heredocs.Count == 1)
        {
            return [.. shell, r.Heredocs[0].Content];
        }

        var script = new StringBuilder(r.Command.Text);
        foreach (var doc in r.Heredocs)
        {
            script.Append('\n').Append(doc.Content);
            if (!script.ToString().EndsWith('\n'))
            {
                script.Append('\n');
            }

            script.Append(doc.Name);
        }

        return [.. shell, script.ToString()];
    }

    /// <summary>RUN's network: <c>RUN --network</c> (default = the build's, none, host), else the build's <c>--network</c>.</summary>
    private RunNetwork NetworkMode(string? flag, Instruction instruction) => flag switch
    {
        null or "default" => options.Network,
        "none" => new RunNetwork(RunNetworkKind.None, []),
        "host" => new RunNetwork(RunNetworkKind.Host, []),
        _ => throw BerthException.InvalidArgument($"{instruction.Location}: network mode \"{flag}\" is not supported for RUN: use default, none or host"),
    };

    /// <summary>An earlier stage's image or any image (pulled as the policy says), for COPY --from and RUN --mount from=.</summary>
    internal async Task<Storage.Images.Image> SourceImageAsync(string reference, CancellationToken cancellationToken)
    {
        var expanded = Expand(reference);
        if (FindStage(document, expanded, stage.Index) is { } used)
        {
            return earlier.TryGetValue(used.Index, out var image)
                ? image
                : throw BerthException.InvalidArgument($"stage \"{expanded}\" is used before it was built");
        }

        if (document.Stages.Any(s => string.Equals(s.Name, expanded, StringComparison.OrdinalIgnoreCase)))
        {
            throw BerthException.InvalidArgument($"stage \"{expanded}\" is defined after this one: a step can only use earlier stages");
        }

        return await builders.Host.ResolveImageAsync(expanded, options.PullPolicy, output.Progress, cancellationToken).ConfigureAwait(false);
    }

    internal BuildOptions Options => options;

    internal BuilderService Builders => builders;

    internal string ExpandValue(string word) => Expand(word);

    /// <summary>A stable directory name for a cache mount id.</summary>
    internal static string CacheDirectoryName(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..32];
}
