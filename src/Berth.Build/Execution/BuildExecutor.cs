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
        var needed = NeededStages(document, target, globals);
        var results = new Dictionary<int, Image>();
        var created = new List<BuilderState>();
        var ok = false;
        try
        {
            var position = 0;
            foreach (var index in needed)
            {
                position++;
                var stage = document.Stages[index];
                var prefix = needed.Count > 1 ? $"[{position.ToString(CultureInfo.InvariantCulture)}/{needed.Count.ToString(CultureInfo.InvariantCulture)}] " : "";
                var builder = new StageBuilder(builders, output, options, document, stage, globals, prefix, index == target, results, created);
                results[index] = await builder.BuildAsync(cancellationToken).ConfigureAwait(false);
            }

            ok = true;
            var final = results[target];
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

    /// <summary>The target and every earlier stage it uses (FROM a stage, COPY --from, RUN --mount from=), in file order.</summary>
    private static List<int> NeededStages(ContainerfileDocument document, int target, IReadOnlyDictionary<string, string> globals)
    {
        var needed = new SortedSet<int>();
        var work = new Stack<int>();
        work.Push(target);
        while (work.Count > 0)
        {
            var index = work.Pop();
            if (!needed.Add(index))
            {
                continue;
            }

            var stage = document.Stages[index];
            foreach (var reference in StageReferences(stage, globals, document.EscapeCharacter))
            {
                if (StageBuilder.FindStage(document, reference, index) is { } used)
                {
                    work.Push(used.Index);
                }
            }
        }

        return [.. needed];
    }

    private static IEnumerable<string> StageReferences(BuildStage stage, IReadOnlyDictionary<string, string> globals, char escape)
    {
        yield return WordExpander.ExpandWord(stage.From.Image, n => globals.GetValueOrDefault(n), escape);
        foreach (var instruction in stage.Instructions)
        {
            if (instruction is CopyInstruction copy && copy.Flag("from") is { } from)
            {
                yield return from;
            }

            foreach (var mount in instruction.Flags.Where(f => f.Name == "mount" && f.Value is not null))
            {
                foreach (var part in mount.Value!.Split(','))
                {
                    if (part.StartsWith("from=", StringComparison.Ordinal))
                    {
                        yield return part[5..];
                    }
                }
            }
        }
    }
}
