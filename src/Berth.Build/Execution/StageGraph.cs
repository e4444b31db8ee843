using Berth.Build.Containerfile;

namespace Berth.Build.Execution;

/// <summary>
/// Which stages a build needs and which earlier stages each one waits for: a stage uses the stages it names in
/// <c>FROM</c>, <c>COPY --from</c> and <c>RUN --mount from=</c> (by name, case-insensitively, or by index). Stages
/// nothing waits on can be built at the same time (<c>--jobs</c>).
/// </summary>
internal sealed class StageGraph
{
    private readonly Dictionary<int, IReadOnlySet<int>> dependencies;

    private StageGraph(IReadOnlyList<int> needed, Dictionary<int, IReadOnlySet<int>> dependencies)
    {
        Needed = needed;
        this.dependencies = dependencies;
    }

    /// <summary>The target and every stage it uses, directly or not, in file order.</summary>
    public IReadOnlyList<int> Needed { get; }

    /// <summary>The stages <paramref name="stage"/> uses directly (all earlier in the file).</summary>
    public IReadOnlySet<int> DependenciesOf(int stage) => dependencies[stage];

    /// <param name="fromImage">The image word of a stage's FROM after <c>--from</c> and the global ARGs.</param>
    public static StageGraph Build(ContainerfileDocument document, int target, Func<BuildStage, string> fromImage)
    {
        var dependencies = new Dictionary<int, IReadOnlySet<int>>();
        var work = new Stack<int>();
        work.Push(target);
        while (work.Count > 0)
        {
            var index = work.Pop();
            if (dependencies.ContainsKey(index))
            {
                continue;
            }

            var stage = document.Stages[index];
            var uses = new SortedSet<int>();
            foreach (var reference in References(stage, fromImage(stage)))
            {
                if (StageBuilder.FindStage(document, reference, index) is { } used)
                {
                    uses.Add(used.Index);
                    work.Push(used.Index);
                }
            }

            dependencies[index] = uses;
        }

        return new StageGraph([.. dependencies.Keys.Order()], dependencies);
    }

    private static IEnumerable<string> References(BuildStage stage, string from)
    {
        yield return from;
        foreach (var instruction in stage.Instructions)
        {
            if (instruction is CopyInstruction copy && copy.Flag("from") is { } copyFrom)
            {
                yield return copyFrom;
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
