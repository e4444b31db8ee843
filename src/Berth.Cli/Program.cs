using Berth.Cli;
using Berth.Cli.Personalities;

// The name this binary was started under decides its personality (berth, podman, docker, buildah, skopeo).
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false)) { AutoFlush = false };
var stderr = new StreamWriter(Console.OpenStandardError(), new System.Text.UTF8Encoding(false)) { AutoFlush = true };
try
{
    return await CliApplication.RunAsync(Personality.InvokedName(), args, stdout, stderr, cancellation.Token);
}
finally
{
    await stdout.FlushAsync();
}
