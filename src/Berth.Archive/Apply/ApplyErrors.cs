using Berth.Platform.FileSystem;

namespace Berth.Archive;

/// <summary>The exceptions applying a layer throws. Refusals name the entry and say the layer is refused.</summary>
internal static class ApplyErrors
{
    public static BerthException Outside(string entry) =>
        BerthException.InvalidArgument($"layer entry {EntryPath.Quote(entry)} points outside the layer: refusing to apply it");

    public static BerthException SymlinkOutside(string entry, string target) =>
        BerthException.InvalidArgument(
            $"layer entry {EntryPath.Quote(entry)} is a symbolic link to {EntryPath.Quote(target)}, which points outside the layer: refusing to apply it");

    public static BerthException HardLinkOutside(string entry, string target) =>
        BerthException.InvalidArgument(
            $"layer entry {EntryPath.Quote(entry)} is a hard link to {EntryPath.Quote(target)}, which points outside the layer: refusing to apply it");

    public static BerthException Invalid(string entry, string why) =>
        BerthException.InvalidArgument($"layer entry {EntryPath.Quote(entry)} {why}: refusing to apply it");

    public static BerthException Io(string entry, string action, Errno errno) =>
        new(ErrorKind.Internal, $"applying layer entry {EntryPath.Quote(entry)}: cannot {action}: {errno.Message()}");
}
