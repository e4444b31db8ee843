using Berth.Build.Containerfile;
using Berth.Build.Execution;

namespace Berth.Build.Tests.Execution;

/// <summary>Which stages a build needs and what each waits for (<c>--jobs</c> runs the independent ones at once).</summary>
public sealed class StageGraphTests
{
    private static StageGraph Graph(string text, int? target = null)
    {
        var document = ContainerfileParser.Parse(text, "Containerfile");
        return StageGraph.Build(document, target ?? document.Stages.Count - 1, s => s.From.Image);
    }

    [Fact]
    public void Build_TwoIndependentStagesCopiedIntoTheLast_TheyWaitForNothingAndTheLastWaitsForBoth()
    {
        var graph = Graph("FROM bb AS a\nRUN sleep 2\nFROM bb AS b\nRUN sleep 2\nFROM bb\nCOPY --from=a /a /a\nCOPY --from=b /b /b\n");

        Assert.Equal([0, 1, 2], graph.Needed);
        Assert.Empty(graph.DependenciesOf(0));
        Assert.Empty(graph.DependenciesOf(1));
        Assert.Equal([0, 1], graph.DependenciesOf(2).Order());
    }

    [Fact]
    public void Build_FromAStageByNameOrIndexAndRunMountFrom_AreDependencies()
    {
        var graph = Graph("FROM bb AS Base\nFROM base AS second\nFROM bb AS tool\nFROM bb\nCOPY --from=1 /x /x\nRUN --mount=type=bind,from=tool,target=/t true\n");

        Assert.Equal([0, 1, 2, 3], graph.Needed);
        Assert.Equal([0], graph.DependenciesOf(1));
        Assert.Equal([1, 2], graph.DependenciesOf(3).Order());
    }

    [Fact]
    public void Build_UnusedStages_AreNotNeeded()
    {
        var graph = Graph("FROM bb AS unused\nFROM bb AS used\nFROM bb\nCOPY --from=used /x /x\nCOPY --from=docker.io/library/alpine /y /y\n");

        Assert.Equal([1, 2], graph.Needed);
        Assert.Equal([1], graph.DependenciesOf(2));
    }

    [Fact]
    public void Build_Target_NeedsOnlyWhatTheTargetUses()
    {
        var graph = Graph("FROM bb AS a\nFROM a AS b\nFROM bb AS c\nCOPY --from=b /x /x\n", target: 1);

        Assert.Equal([0, 1], graph.Needed);
    }

    [Fact]
    public void Build_LaterStageOfTheSameName_IsNotADependency()
    {
        // A stage can only use earlier stages: a name defined later is an image name here.
        var graph = Graph("FROM bb AS first\nCOPY --from=later /x /x\nFROM bb AS later\nFROM bb\nCOPY --from=first /y /y\n");

        Assert.Equal([0, 2], graph.Needed);
        Assert.Empty(graph.DependenciesOf(0));
    }
}
