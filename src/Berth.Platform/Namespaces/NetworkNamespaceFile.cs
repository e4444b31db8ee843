using System.Runtime.InteropServices;
using Berth.Oci;
using Berth.Platform.Interop;

namespace Berth.Platform.Namespaces;

/// <summary>
/// Persistent network namespaces as iproute2 and podman keep them: an empty file under <c>/run/netns</c> with the
/// namespace bind-mounted on it, so it outlives every process in it until it is unmounted. The namespace is made on a
/// thread of its own (unshare applies to the calling thread only), which then ends; the rest of the process never
/// changes namespace.
/// </summary>
public static class NetworkNamespaceFile
{
    public const string DefaultDirectory = "/run/netns";

    /// <summary>A fresh name <c>&lt;directory&gt;/netns-&lt;random&gt;</c> (recorded before <see cref="Create"/>, so a crash in between leaves nothing unknown).</summary>
    public static string NewPath(string directory) => Path.Combine(directory, "netns-" + Guid.NewGuid().ToString("D"));

    /// <summary>Creates the file <paramref name="path"/> holding a new, empty network namespace.</summary>
    public static void Create(string path)
    {
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        EnsureSharedMount(directory);
        using (new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
        }

        Exception? failure = null;
        var thread = new Thread(() =>
        {
            if (Libc.Unshare(Libc.CLONE_NEWNET) != 0)
            {
                failure = Fail("unshare the network namespace", Marshal.GetLastPInvokeError());
                return;
            }

            if (Libc.Mount("/proc/thread-self/ns/net", path, "none", Libc.MS_BIND, null) != 0)
            {
                failure = Fail($"mount the network namespace on {path}", Marshal.GetLastPInvokeError());
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            TryDelete(path);
            throw failure;
        }
    }

    /// <summary>Unmounts and deletes a namespace file; a file already gone is fine.</summary>
    public static void Remove(string path)
    {
        if (Libc.Umount2(path, Libc.MNT_DETACH) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != 22 && errno != 2)
            {
                // EINVAL: not a mount point (already unmounted); ENOENT: gone.
                throw Fail($"unmount the network namespace {path}", errno);
            }
        }

        TryDelete(path);
    }

    private static void EnsureSharedMount(string directory)
    {
        // iproute2's dance: the directory is a shared mount, so unmounting a namespace file here also unmounts the
        // copies that mount namespaces made later (conmon's, a container's) would otherwise keep.
        if (Libc.Mount(null, directory, null, Libc.MS_SHARED | Libc.MS_REC, null) == 0)
        {
            return;
        }

        if (Libc.Mount(directory, directory, "none", Libc.MS_BIND | Libc.MS_REC, null) != 0
            || Libc.Mount(null, directory, null, Libc.MS_SHARED | Libc.MS_REC, null) != 0)
        {
            throw Fail($"make {directory} a shared mount", Marshal.GetLastPInvokeError());
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }

    private static BerthException Fail(string what, int errno) =>
        new(ErrorKind.Internal, $"cannot {what}: {Marshal.GetPInvokeErrorMessage(errno)}");
}
