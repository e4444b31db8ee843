using System.Globalization;
using Berth.Build.Builders;
using Berth.Build.Containerfile;
using Berth.Storage.Images;

namespace Berth.Build.Execution;

/// <summary>
/// Runs a parsed Containerfile: picks the stages the target needs, builds them in order (each one a
/// <see cref="StageBuilder"/>), tags the last image and removes the working containers. Output is podman build's.
/// </summary>
public sealed class BuildExecutor(BuilderService builders, BuildOutput output)
{
    /// <summary>Builds and returns the final image; a failing step throws with the step named (RUN: its exit code).</summary>
    public async Task<BuildResult> BuildAsync(BuildOptions options, CancellationToken cancellationToken)
    {
        var document = ContainerfileParser.Parse(options.ContainerfileText, options.ContainerfileName);
        if (document.Stages.Count == 0)
        {
            throw BerthException.InvalidArgument($"{options.ContainerfileName}: no FROM instruction: a Containerfile must start its first stage with FROM");
        }

        var globals = GlobalArgs(document, options);
        var target = TargetIndex(document, options.Target);
        var graph = StageGraph.Build(document, target, s => FromImage(document, s, options, globals));
        var results = new Dictionary<int, Image>();
        var created = new List<BuilderState>();
        var ok = false;
        try
        {
            await BuildStagesAsync(document, graph, target, globals, options, results, created, cancellationToken).ConfigureAwait(false);
            var final = results[target];
            if (options.Output is { } export)
            {
                await BuildExport.WriteAsync(builders.Host, final, export, options.OutputStream, cancellationToken).ConfigureAwait(false);
            }

            ok = true;
            foreach (var tag in options.Tags)
            {
                output.Line($"Successfully tagged {tag}");
            }

            output.Result(final.Id);
            return new BuildResult(final.Id, options.Tags);
        }
        finally
        {
            if (ok ? options.RemoveContainers : options.ForceRemoveContainers || options.RemoveContainers)
            {
                foreach (var state in created)
                {
                    await builders.RemoveAsync(state, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>
    /// Builds the needed stages: one after another with <c>--jobs 1</c>; otherwise each stage starts once the stages it
    /// uses are built, up to <c>--jobs</c> at a time (0 = no limit), ready stages in file order. The first failure
    /// cancels the stages still running and is the one reported.
    /// </summary>
    private async Task BuildStagesAsync(
        ContainerfileDocument document, StageGraph graph, int target, Dictionary<string, string> globals, BuildOptions options,
        Dictionary<int, Image> results, List<BuilderState> created, CancellationToken cancellationToken)
    {
        var needed = graph.Needed;
        var limit = options.Jobs <= 0 ? needed.Count : options.Jobs;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = new Dictionary<Task<Image>, (int Index, List<BuilderState> Created)>();
        var waiting = new List<int>(needed);
        Exception? failure = null;
        while (true)
        {
            for (var i = 0; failure is null && i < waiting.Count && running.Count < limit; i++)
            {
                var index = waiting[i];
                if (!graph.DependenciesOf(index).All(results.ContainsKey))
                {
                    continue;
                }

                waiting.RemoveAt(i--);
                var position = needed.Count > 1 ? $"[{(IndexOf(needed, index) + 1).ToString(CultureInfo.InvariantCulture)}/{needed.Count.ToString(CultureInfo.InvariantCulture)}] " : "";
                var own = new List<BuilderState>();
                // Each stage sees a copy of the images built so far: the ones it uses are among them.
                var builder = new StageBuilder(builders, output, options, document, document.Stages[index], globals, position, index == target,
                    new Dictionary<int, Image>(results), own, FromImage(document, document.Stages[index], options, globals));
                running.Add(limit == 1 ? RunInline(builder, stop.Token) : Task.Run(() => builder.BuildAsync(stop.Token), stop.Token), (index, own));
            }

            if (running.Count == 0)
            {
                break;
            }

            var done = await Task.WhenAny(running.Keys).ConfigureAwait(false);
            var (doneIndex, doneCreated) = running[done];
            running.Remove(done);
            created.AddRange(doneCreated);
            try
            {
                results[doneIndex] = await done.ConfigureAwait(false);
            }
            catch (Exception e) when (failure is null)
            {
                failure = e;
                await stop.CancelAsync().ConfigureAwait(false);
            }
            catch (Exception) when (failure is not null)
            {
                // A stage cancelled (or failing) after the first failure: the first one is reported.
            }
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    /// <summary>With one job at a time the stage runs on the caller's flow, exactly as a plain sequential build.</summary>
    private static Task<Image> RunInline(StageBuilder builder, CancellationToken cancellationToken) => builder.BuildAsync(cancellationToken);

    private static int IndexOf(IReadOnlyList<int> list, int value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The image word of a stage's FROM, global ARGs expanded; <c>--from</c> replaces the first stage's.</summary>
    internal static string FromImage(ContainerfileDocument document, BuildStage stage, BuildOptions options, IReadOnlyDictionary<string, string> globals) =>
        stage.Index == 0 && !string.IsNullOrEmpty(options.From)
            ? options.From
            : WordExpander.ExpandWord(stage.From.Image, n => globals.GetValueOrDefault(n), document.EscapeCharacter);

    /// <summary>ARGs before the first FROM: a <c>--build-arg</c> wins over the default.</summary>
    private static Dictionary<string, string> GlobalArgs(ContainerfileDocument document, BuildOptions options)
    {
        var globals = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var instruction in document.GlobalArgs)
        {
            foreach (var arg in instruction.Args)
            {
                if (options.BuildArgs.TryGetValue(arg.Key, out var given))
                {
                    globals[arg.Key] = given;
                }
                else if (arg.Value is { } def)
                {
                    globals[arg.Key] = WordExpander.ExpandWord(def, n => globals.GetValueOrDefault(n), document.EscapeCharacter);
                }
            }
        }

        return globals;
    }

    private static int TargetIndex(ContainerfileDocument document, string? target)
    {
        if (string.IsNullOrEmpty(target))
        {
            return document.Stages.Count - 1;
        }

        var stage = document.Stages.FirstOrDefault(s => string.Equals(s.Name, target, StringComparison.OrdinalIgnoreCase));
        return stage?.Index ?? throw BerthException.InvalidArgument($"the target \"{target}\" was not found in the provided Containerfile {document.File}: name one of its stages (FROM … AS name)");
    }
}
