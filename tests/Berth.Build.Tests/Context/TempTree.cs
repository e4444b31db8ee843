namespace Berth.Build.Tests.Context;

/// <summary>A temporary directory for one test, removed on dispose; <see cref="Build"/> makes the goldens' tree files.</summary>
internal sealed class TempTree : IDisposable
{
    public TempTree()
    {
        Root = Directory.CreateTempSubdirectory("berth-context-test-").FullName;
    }

    public string Root { get; }

    public string Path(string relative) => System.IO.Path.Join(Root, relative);

    public string File(string relative, string content)
    {
        var path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public string Link(string relative, string target)
    {
        var path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.CreateSymbolicLink(path, target);
        return path;
    }

    public string Dir(string relative) => Directory.CreateDirectory(Path(relative)).FullName;

    /// <summary>Builds a tree from the goldens' format below <paramref name="relative"/>: "f path" (content = path), "d path", "l path target".</summary>
    public string Build(string treeFile, string relative)
    {
        var top = Dir(relative);
        foreach (var line in System.IO.File.ReadAllLines(treeFile))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var rest = line[2..];
            switch (line[0])
            {
                case 'f':
                    File(System.IO.Path.Join(relative, rest), rest);
                    break;
                case 'd':
                    Dir(System.IO.Path.Join(relative, rest));
                    break;
                case 'l':
                    var space = rest.IndexOf(' ', StringComparison.Ordinal);
                    Link(System.IO.Path.Join(relative, rest[..space]), rest[(space + 1)..]);
                    break;
            }
        }

        return top;
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    public static string Golden(string relative) => System.IO.Path.Join(AppContext.BaseDirectory, "Context", "Golden", relative);
}
