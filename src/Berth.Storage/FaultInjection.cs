namespace Berth.Storage;

/// <summary>
/// Named points in the middle of multi-step changes. Tests set <see cref="Hook"/> in a child process to kill it at one
/// of them (crash tests); in production it is null and costs a field read.
/// </summary>
internal static class FaultInjection
{
    public const string BlobWritten = "content.written";
    public const string LayerPopulated = "layer.populated";
    public const string LayerRenamed = "layer.renamed";
    public const string LayerRemoveCommitted = "layer.remove-committed";

    internal static Action<string>? Hook { get; set; }

    internal static void At(string point) => Hook?.Invoke(point);
}
