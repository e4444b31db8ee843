using Berth.Engine.Images;

namespace Berth.Cli.Output;

/// <summary>The progress output of long image work: podman's plain lines on stderr, or nothing with -q.</summary>
public static class ProgressFactory
{
    public static IPullProgress For(TextWriter error, bool quiet) => quiet ? new Quiet() : new Plain(error);

    private sealed class Plain(TextWriter error) : IPullProgress
    {
        public void Line(string text)
        {
            lock (error)
            {
                error.WriteLine(text);
            }
        }
    }

    private sealed class Quiet : IPullProgress
    {
        public void Line(string text)
        {
        }

        public void BlobDone(Oci.Descriptor blob, string status)
        {
        }
    }
}
