namespace Berth.Build.Execution;

/// <summary>
/// podman build's progress lines on standard output: <c>[1/2] STEP 3/4: RUN …</c>, <c>--> Using cache &lt;id&gt;</c>,
/// <c>--> &lt;short id&gt;</c>, <c>COMMIT name</c>, <c>Successfully tagged …</c>. Quiet builds print none of them.
/// RUN steps write to <see cref="RunStream"/>, or straight to this process's stdout and stderr when it is null.
/// </summary>
public sealed class BuildOutput(TextWriter writer, bool quiet, Stream? runStream = null)
{
    public Stream? RunStream => runStream;

    public bool Quiet => quiet;

    public void Line(string text)
    {
        if (!quiet)
        {
            writer.Write(text + "\n");
            writer.Flush();
        }
    }

    /// <summary>A line printed even when quiet (the final image ID).</summary>
    public void Result(string text)
    {
        writer.Write(text + "\n");
        writer.Flush();
    }

    /// <summary>Pull progress and the like go through this writer.</summary>
    public TextWriter Progress => quiet ? TextWriter.Null : writer;

    public void Flush() => writer.Flush();
}
