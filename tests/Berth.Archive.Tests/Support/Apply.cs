using Berth.Oci;

namespace Berth.Archive.Tests;

internal static class Apply
{
    public static Task<LayerApplyResult> TarAsync(byte[] tar, string target, LayerApplyOptions? options = null) =>
        LayerApplier.ApplyAsync(new MemoryStream(tar), LayerCompression.None, target, options ?? LayerApplyOptions.Default, CancellationToken.None);

    public static Task<LayerApplyResult> OverlayAsync(byte[] tar, string target) =>
        TarAsync(tar, target, new LayerApplyOptions { Whiteouts = WhiteoutFormat.Overlay });

    /// <summary>Applies and expects a refusal: an InvalidArgument BerthException.</summary>
    public static async Task<BerthException> RefusedAsync(byte[] tar, string target, LayerApplyOptions? options = null)
    {
        var e = await Assert.ThrowsAsync<BerthException>(() => TarAsync(tar, target, options));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        return e;
    }
}
