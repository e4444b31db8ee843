using System.Text;
using Berth.Platform.Interop;
using Microsoft.Win32.SafeHandles;

namespace Berth.Platform.FileSystem;

/// <summary>
/// Calls on an open file or directory descriptor: the cheapest and safest way to change what was just created
/// (nothing is looked up by name again). Return the errno instead of throwing, like <see cref="AtCalls"/>.
/// </summary>
public static class DescriptorCalls
{
    /// <summary>statx(2) of the descriptor itself (AT_EMPTY_PATH; an O_PATH descriptor is fine).</summary>
    public static Errno Stat(SafeFileHandle file, out UnixFileStatus status) => AtCalls.StatAt(file, "", OpenFlags.AtEmptyPath | OpenFlags.AtSymlinkNoFollow, out status);

    public static Errno ChangeOwner(SafeFileHandle file, uint uid, uint gid) => ErrnoExtensions.Check(Libc.Fchown(file, uid, gid));

    /// <summary>fchmod(2), setuid/setgid/sticky included.</summary>
    public static Errno ChangeMode(SafeFileHandle file, uint mode) => ErrnoExtensions.Check(Libc.Fchmod(file, mode & 0xFFF));

    public static unsafe Errno SetTimes(SafeFileHandle file, UnixTime accessTime, UnixTime modificationTime)
    {
        var times = stackalloc Libc.TimeSpec[2];
        times[0] = new Libc.TimeSpec { Seconds = accessTime.Seconds, Nanoseconds = accessTime.Nanoseconds };
        times[1] = new Libc.TimeSpec { Seconds = modificationTime.Seconds, Nanoseconds = modificationTime.Nanoseconds };
        return ErrnoExtensions.Check(Libc.Futimens(file, times));
    }

    public static unsafe Errno SetExtendedAttribute(SafeFileHandle file, string attribute, ReadOnlySpan<byte> value)
    {
        fixed (byte* p = value)
        {
            return ErrnoExtensions.Check(Libc.Fsetxattr(file, attribute, p, (nuint)value.Length, 0));
        }
    }

    /// <summary>fgetxattr(2): the value, or ENODATA when there is no such attribute.</summary>
    public static unsafe Errno GetExtendedAttribute(SafeFileHandle file, string attribute, out byte[]? value)
    {
        value = null;
        while (true)
        {
            var size = Libc.Fgetxattr(file, attribute, null, 0);
            if (size < 0)
            {
                return ErrnoExtensions.Last();
            }

            var buffer = new byte[size];
            nint got;
            fixed (byte* p = buffer)
            {
                got = Libc.Fgetxattr(file, attribute, p, (nuint)buffer.Length);
            }

            if (got >= 0)
            {
                value = got == buffer.Length ? buffer : buffer.AsSpan(0, (int)got).ToArray();
                return Errno.None;
            }

            if (ErrnoExtensions.Last() is var e && e != Errno.ERANGE)
            {
                return e;
            }
        }
    }

    /// <summary>flistxattr(2): the names of the file's extended attributes, appended to <paramref name="names"/>.</summary>
    public static unsafe Errno ListExtendedAttributes(SafeFileHandle file, List<string> names)
    {
        while (true)
        {
            var size = Libc.Flistxattr(file, null, 0);
            if (size <= 0)
            {
                return size < 0 ? ErrnoExtensions.Last() : Errno.None;
            }

            var buffer = new byte[size];
            nint got;
            fixed (byte* p = buffer)
            {
                got = Libc.Flistxattr(file, p, (nuint)buffer.Length);
            }

            if (got < 0)
            {
                if (ErrnoExtensions.Last() is var e && e != Errno.ERANGE)
                {
                    return e;
                }

                continue;
            }

            SplitNames(buffer.AsSpan(0, (int)got), names);
            return Errno.None;
        }
    }

    /// <summary>pwrite(2) until all of <paramref name="data"/> is written (short writes and EINTR retried).</summary>
    public static unsafe Errno Write(SafeFileHandle file, ReadOnlySpan<byte> data, long offset)
    {
        fixed (byte* start = data)
        {
            var done = 0;
            while (done < data.Length)
            {
                var n = Libc.Pwrite(file, start + done, (nuint)(data.Length - done), offset + done);
                if (n < 0)
                {
                    var e = ErrnoExtensions.Last();
                    if (e == Errno.EINTR)
                    {
                        continue;
                    }

                    return e;
                }

                done += (int)n;
            }
        }

        return Errno.None;
    }

    /// <summary>pread(2) once (EINTR retried): <paramref name="read"/> is 0 at the end of the file.</summary>
    public static unsafe Errno Read(SafeFileHandle file, Span<byte> buffer, long offset, out int read)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = Libc.Pread(file, p, (nuint)buffer.Length, offset);
                if (n >= 0)
                {
                    read = (int)n;
                    return Errno.None;
                }

                var e = ErrnoExtensions.Last();
                if (e != Errno.EINTR)
                {
                    read = 0;
                    return e;
                }
            }
        }
    }

    internal static void SplitNames(ReadOnlySpan<byte> list, List<string> names)
    {
        while (!list.IsEmpty)
        {
            var end = list.IndexOf((byte)0);
            var one = end < 0 ? list : list[..end];
            if (!one.IsEmpty)
            {
                names.Add(Encoding.UTF8.GetString(one));
            }

            list = end < 0 ? default : list[(end + 1)..];
        }
    }
}
