using Berth.Engine.Images;
using Berth.Platform;

namespace Berth.Cli.Output;

/// <summary>
/// The one place that decides how long image work (pull, push, copy, load, import) reports progress, as podman does:
/// nothing with -q; live bars (<see cref="TerminalProgress"/>) when stderr is a terminal; plain lines otherwise.
/// </summary>
public static class ProgressFactory
{
    /// <summary>
    /// The progress for a command writing to <paramref name="error"/> (the invocation's stderr). The terminal view is
    /// <see cref="IDisposable"/>: dispose it when the work is over (<c>using var _ = progress as IDisposable;</c>) so
    /// that its last state is drawn and its redraw timer stops.
    /// </summary>
    /// <param name="descriptor">The file descriptor <paramref name="error"/> writes to (skopeo reports on stdout, 1).</param>
    public static IPullProgress For(TextWriter error, bool quiet, int descriptor = Terminal.StandardError)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (quiet)
        {
            return QuietProgress.Instance;
        }

        return Terminal.IsTerminal(descriptor)
            ? new TerminalProgress(error, TimeProvider.System, () => Terminal.Columns(descriptor) ?? 80)
            : new PlainProgress(error);
    }
}
