using System.Globalization;
using System.Text;
using Berth.Platform.Processes;

namespace Berth.Runtime.Conmon;

/// <summary>conmon's control FIFO (<c>ctl</c>): "type height width\n" lines; type 1 resizes the terminal, 2 reopens the log.</summary>
public static class ConsoleControl
{
    private const int ResizeEvent = 1;
    private const int ReopenLogsEvent = 2;

    /// <summary>Resizes the container's terminal. Throws when conmon is gone (nobody reads the FIFO) instead of blocking.</summary>
    public static void Resize(string ctlFifoPath, ushort rows, ushort cols) =>
        Write(ctlFifoPath, string.Create(CultureInfo.InvariantCulture, $"{ResizeEvent} {rows} {cols}\n"));

    /// <summary>Makes conmon reopen its k8s-file log (after rotation or truncation).</summary>
    public static void ReopenLog(string ctlFifoPath) => Write(ctlFifoPath, $"{ReopenLogsEvent} 0 0\n");

    private static void Write(string path, string line)
    {
        try
        {
            // A FileStream over the fifo writes with write(2); RandomAccess would need a seekable file.
            using var fifo = new FileStream(NativeSpawn.OpenFifoForWriting(path), FileAccess.Write, bufferSize: 0);
            fifo.Write(Encoding.ASCII.GetBytes(line));
        }
        catch (Exception e) when (e is BerthException or IOException)
        {
            throw new BerthException(ErrorKind.InvalidState, $"could not open ctl file for terminal resize: {e.Message}", e);
        }
    }
}
