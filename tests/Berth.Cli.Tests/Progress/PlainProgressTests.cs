using Berth.Cli.Output;
using Berth.Engine.Images;
using Berth.Oci;

namespace Berth.Cli.Tests.Progress;

public sealed class PlainProgressTests
{
    private static readonly Descriptor Blob = new()
    {
        MediaType = MediaTypes.OciLayerGzip,
        Digest = Digest.Parse("sha256:" + new string('a', 64)),
        Size = 10,
    };

    [Fact]
    public void BlobDone_NotATerminal_PodmansPlainLinesAndStreamUntouched()
    {
        var error = new StringWriter { NewLine = "\n" };
        IPullProgress progress = new PlainProgress(error);
        var content = new MemoryStream();
        Assert.Same(content, progress.Track(Blob, content));
        progress.Line("Getting image source signatures");
        progress.BlobDone(Blob, "done");
        progress.BlobDone(Blob, "skipped: already exists");
        progress.ConfigDone(Digest.Parse("sha256:" + new string('c', 64)));
        Assert.Equal(
            "Getting image source signatures\n" +
            $"Copying blob sha256:{new string('a', 64)} done\n" +
            $"Copying blob sha256:{new string('a', 64)} skipped: already exists\n" +
            $"Copying config sha256:{new string('c', 64)} done\n",
            error.ToString());
    }

    [Fact]
    public void For_Quiet_WritesNothing()
    {
        var error = new StringWriter();
        var progress = ProgressFactory.For(error, quiet: true);
        progress.Line("Writing manifest to image destination");
        progress.BlobDone(Blob, "done");
        Assert.IsType<QuietProgress>(progress);
        Assert.Equal("", error.ToString());
    }
}
