namespace Berth.Build.Execution;

/// <summary>
/// podman build's progress lines on standard output: <c>[1/2] STEP 3/4: RUN …</c>, <c>--> Using cache &lt;id&gt;</c>,
/// <c>--> &lt;short id&gt;</c>, <c>COMMIT name</c>, <c>Successfully tagged …</c>. Quiet builds print none of them.
/// RUN steps write to <see cref="RunStream"/>, or straight to this process's stdout and stderr when it is null.
/// Stages built at the same time (<c>--jobs</c>) share it: every write goes through one synchronized writer, so each
/// line comes out whole.
/// </summary>
public sealed class BuildOutput(TextWriter writer, bool quiet, Stream? runStream = null)
{
    private readonly TextWriter synced = TextWriter.Synchronized(writer);

    public Stream? RunStream => runStream;

    public bool Quiet => quiet;

    public void Line(string text)
    {
        if (!quiet)
        {
            synced.Write(text + "\n");
            synced.Flush();
        }
    }

    /// <summary>A line printed even when quiet (the final image ID).</summary>
    public void Result(string text)
    {
        synced.Write(text + "\n");
        synced.Flush();
    }

    /// <summary>Pull progress and the like go through this writer.</summary>
    public TextWriter Progress => quiet ? TextWriter.Null : synced;

    public void Flush() => synced.Flush();
}
