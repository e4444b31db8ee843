using Berth.Engine.Images;

namespace Berth.Cli.Output;

/// <summary>-q: no progress at all (the command still prints its result, e.g. the image ID).</summary>
public sealed class QuietProgress : IPullProgress
{
    public static QuietProgress Instance { get; } = new();

    public void Line(string text)
    {
    }
}
