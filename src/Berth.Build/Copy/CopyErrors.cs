using Berth.Archive;
using Berth.Platform.FileSystem;

namespace Berth.Build.Copy;

/// <summary>The exceptions of the copier. Paths are shown as they are inside the root file system.</summary>
internal static class CopyErrors
{
    public static BerthException Io(string path, string action, Errno errno) =>
        errno is Errno.ENOSPC or Errno.EDQUOT or Errno.EROFS or Errno.EACCES or Errno.EPERM
            ? new BerthException(ErrorKind.Unavailable, $"copying to {EntryPath.Quote(path)}: cannot {action}: {errno.Message()}")
            : new BerthException(ErrorKind.Internal, $"copying to {EntryPath.Quote(path)}: cannot {action}: {errno.Message()}");

    public static BerthException Source(string path, string action, Errno errno) =>
        errno is Errno.ENOENT or Errno.ENOTDIR
            ? BerthException.NotFound($"copying from {EntryPath.Quote(path)}: cannot {action}: {errno.Message()}")
            : new BerthException(ErrorKind.Internal, $"copying from {EntryPath.Quote(path)}: cannot {action}: {errno.Message()}");

    public static BerthException NotDirectory(string path) =>
        BerthException.InvalidArgument($"cannot copy to {EntryPath.Quote(path)}: a non-directory or a dangling symbolic link is in the way of a directory");

    public static BerthException Archive(string archive, string why) =>
        BerthException.InvalidArgument($"extracting {EntryPath.Quote(archive)}: {why}");
}
