using Berth.Cli;
using Berth.Cli.Personalities;

// conmon starts `container cleanup` with SIGCHLD blocked: unblock before any child process is started.
Berth.Platform.SignalMask.UnblockAll();

// The name this binary was started under decides its personality (berth, podman, docker, buildah, skopeo).
using var cancellation = new CancellationTokenSource();
// A POSIX signal handler, not Console.CancelKeyPress: that one initialises .NET's terminal handling, which sends
// ESC[?1h ESC= to the terminal on every run.
using var interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, context =>
{
    context.Cancel = true;
    if (!Berth.Cli.SignalForwarding.IsActive)
    {
        cancellation.Cancel();
    }
});

var stdout = new StreamWriter(StandardStreams.Output(), new System.Text.UTF8Encoding(false)) { AutoFlush = false };
var stderr = new StreamWriter(StandardStreams.Error(), new System.Text.UTF8Encoding(false)) { AutoFlush = true };
try
{
    return await CliApplication.RunAsync(Personality.InvokedName(), args, stdout, stderr, cancellation.Token);
}
finally
{
    await stdout.FlushAsync();
}
