using System.Globalization;
using Berth.Platform.Interop;
using Microsoft.Win32.SafeHandles;

namespace Berth.Platform.FileSystem;

/// <summary>
/// Extended attributes of <c>name</c> in a directory handle. Linux has no *at() form before 6.13 (setxattrat), so these
/// go through <c>/proc/self/fd/N/name</c> with the l*xattr calls: the magic link resolves to the handle's directory
/// (already checked) and the last component is not followed. Name "." is the directory itself.
/// </summary>
public static partial class AtCalls
{
    /// <summary>lsetxattr(2).</summary>
    public static unsafe Errno SetExtendedAttribute(SafeFileHandle directory, string name, string attribute, ReadOnlySpan<byte> value)
    {
        return WithProcPath(directory, name, attribute, value, static (path, attribute, value) =>
        {
            fixed (byte* p = value)
            {
                return ErrnoExtensions.Check(Libc.Lsetxattr(path, attribute, p, (nuint)value.Length, 0));
            }
        });
    }

    /// <summary>lgetxattr(2): the value, or null with ENODATA when there is no such attribute.</summary>
    public static unsafe Errno GetExtendedAttribute(SafeFileHandle directory, string name, string attribute, out byte[]? value)
    {
        byte[]? result = null;
        var errno = WithProcPath(directory, name, attribute, default, (path, attribute, _) =>
        {
            while (true)
            {
                var size = Libc.Lgetxattr(path, attribute, null, 0);
                if (size < 0)
                {
                    return ErrnoExtensions.Last();
                }

                var buffer = new byte[size];
                nint got;
                fixed (byte* p = buffer)
                {
                    got = Libc.Lgetxattr(path, attribute, p, (nuint)buffer.Length);
                }

                if (got >= 0)
                {
                    result = got == buffer.Length ? buffer : buffer.AsSpan(0, (int)got).ToArray();
                    return Errno.None;
                }

                if (ErrnoExtensions.Last() is var e && e != Errno.ERANGE)
                {
                    return e;
                }
            }
        });
        value = result;
        return errno;
    }

    /// <summary>llistxattr(2): the names of the entry's extended attributes, appended to <paramref name="names"/>.</summary>
    public static unsafe Errno ListExtendedAttributes(SafeFileHandle directory, string name, List<string> names)
    {
        return WithProcPath(directory, name, "", default, (path, _, _) =>
        {
            while (true)
            {
                var size = Libc.Llistxattr(path, null, 0);
                if (size <= 0)
                {
                    return size < 0 ? ErrnoExtensions.Last() : Errno.None;
                }

                var buffer = new byte[size];
                nint got;
                fixed (byte* p = buffer)
                {
                    got = Libc.Llistxattr(path, p, (nuint)buffer.Length);
                }

                if (got < 0)
                {
                    if (ErrnoExtensions.Last() is var e && e != Errno.ERANGE)
                    {
                        return e;
                    }

                    continue;
                }

                DescriptorCalls.SplitNames(buffer.AsSpan(0, (int)got), names);
                return Errno.None;
            }
        });
    }

    private delegate Errno ProcPathCall(string path, string attribute, ReadOnlySpan<byte> value);

    private static Errno WithProcPath(SafeFileHandle directory, string name, string attribute, ReadOnlySpan<byte> value, ProcPathCall call)
    {
        var added = false;
        try
        {
            directory.DangerousAddRef(ref added);
            var fd = (int)directory.DangerousGetHandle();
            var path = string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{fd}/{name}");
            return call(path, attribute, value);
        }
        finally
        {
            if (added)
            {
                directory.DangerousRelease();
            }
        }
    }
}
