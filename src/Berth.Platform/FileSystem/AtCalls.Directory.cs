using System.Buffers;
using System.Text;
using Berth.Platform.Interop;
using Microsoft.Win32.SafeHandles;

namespace Berth.Platform.FileSystem;

public static partial class AtCalls
{
    /// <summary>
    /// getdents64(2): the names in a directory opened for reading (<see cref="OpenDirectory(string, out SafeFileHandle?)"/>,
    /// <see cref="OpenSubdirectory"/>), without "." and "..", in the file system's order, appended to <paramref name="names"/>.
    /// </summary>
    public static unsafe Errno ReadDirectory(SafeFileHandle directory, List<string> names)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (true)
            {
                nint got;
                fixed (byte* p = buffer)
                {
                    got = Libc.Getdents64(directory, p, (nuint)buffer.Length);
                }

                if (got < 0)
                {
                    return ErrnoExtensions.Last();
                }

                if (got == 0)
                {
                    return Errno.None;
                }

                var offset = 0;
                while (offset < got)
                {
                    // struct linux_dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; }
                    var recordLength = BitConverter.ToUInt16(buffer, offset + 16);
                    var nameBytes = buffer.AsSpan(offset + 19, recordLength - 19);
                    var end = nameBytes.IndexOf((byte)0);
                    if (end >= 0)
                    {
                        nameBytes = nameBytes[..end];
                    }

                    if (!(nameBytes.Length == 1 && nameBytes[0] == '.') && !(nameBytes.Length == 2 && nameBytes[0] == '.' && nameBytes[1] == '.'))
                    {
                        names.Add(Encoding.UTF8.GetString(nameBytes));
                    }

                    offset += recordLength;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
