namespace Berth.Config;

/// <summary>File access shared by the loaders: optional reads and drop-in directory listings.</summary>
internal static class ConfigFiles
{
    /// <summary>The text of <paramref name="path"/>, or null when it does not exist. Other I/O errors are reported.</summary>
    public static string? ReadOptional(string path)
    {
        if (!Path.Exists(path))
        {
            // Looked at first: most optional files are missing, and a thrown exception costs far more than a stat.
            return null;
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ConfigErrors.Unreadable(path, e);
        }
    }

    /// <summary>The bytes of <paramref name="path"/>, or null when it does not exist. Other I/O errors are reported.</summary>
    public static byte[]? ReadBytesOptional(string path)
    {
        if (!Path.Exists(path))
        {
            return null;
        }

        try
        {
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ConfigErrors.Unreadable(path, e);
        }
    }

    /// <summary>
    /// The <c>*.conf</c> files directly in <paramref name="directory"/> (no recursion), sorted by name in byte
    /// order as Go's <c>os.ReadDir</c>/<c>filepath.WalkDir</c> do. A missing directory yields nothing.
    /// </summary>
    public static IReadOnlyList<string> DropIns(string directory)
    {
        if (!Path.Exists(directory))
        {
            return [];
        }

        try
        {
            var files = Directory.EnumerateFiles(directory)
                .Where(f => f.EndsWith(".conf", StringComparison.Ordinal))
                .ToList();
            files.Sort(StringComparer.Ordinal);
            return files;
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(directory))
            {
                return [];
            }

            throw ConfigErrors.Unreadable(directory, e);
        }
    }

    public static bool Exists(string path) => File.Exists(path);
}
