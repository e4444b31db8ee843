using Berth.Engine.Images;

namespace Berth.Cli.Output;

/// <summary>podman's progress when stderr is not a terminal: one plain line per step (<c>Copying blob sha256:… done</c>).</summary>
public sealed class PlainProgress(TextWriter error) : IPullProgress
{
    public void Line(string text) => error.WriteLine(text);
}
