using System.Globalization;

namespace Berth.Platform.Host;

/// <summary>
/// A small answer kept for one boot in a file of its own (under a run root, which a reboot usually empties): the boot
/// ID on the first line, the answer on the second. An answer from another boot, or an unreadable file, is no answer.
/// </summary>
public static class BootScopedFile
{
    /// <summary>The answer written in boot <paramref name="bootId"/>; null when there is none.</summary>
    public static string? Read(string path, string bootId) =>
        bootId.Length > 0 && HostFacts.ReadOrEmpty(path).Split('\n') is [var boot, var answer, ..] && boot == bootId ? answer : null;

    /// <summary>Replaces the file whole (temporary file and rename); best effort: a place that cannot be written only means asking again.</summary>
    public static void Write(string path, string bootId, string answer)
    {
        if (bootId.Length == 0)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
            File.WriteAllText(temporary, $"{bootId}\n{answer}\n");
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // asked again next time
        }
    }
}
