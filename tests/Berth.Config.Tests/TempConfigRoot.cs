using System.Text;

namespace Berth.Config.Tests;

/// <summary>
/// A temporary directory tree for one test: <see cref="Root"/> plays "/" for system files (via
/// <see cref="ConfigEnvironment.RootPrefix"/>), <see cref="Home"/> is the user's home. Deleted on dispose.
/// </summary>
internal sealed class TempConfigRoot : IDisposable
{
    public TempConfigRoot()
    {
        Base = Path.Combine(Path.GetTempPath(), "berth-config-tests", Guid.NewGuid().ToString("N"));
        Root = Path.Combine(Base, "root");
        Home = Path.Combine(Base, "home");
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Home);
    }

    public string Base { get; }

    public string Root { get; }

    public string Home { get; }

    /// <summary>Path of an absolute system path inside <see cref="Root"/>.</summary>
    public string Sys(string absolutePath) => Root + absolutePath;

    /// <summary>Writes a system file (absolute path mapped under <see cref="Root"/>) and returns its real path.</summary>
    public string WriteSystem(string absolutePath, string content) => WriteFile(Sys(absolutePath), content);

    /// <summary>Writes a file relative to <see cref="Home"/>.</summary>
    public string WriteHome(string relativePath, string content) => WriteFile(Path.Combine(Home, relativePath), content);

    /// <summary>Writes any file under <see cref="Base"/>.</summary>
    public string Write(string relativePath, string content) => WriteFile(Path.Combine(Base, relativePath), content);

    public static string WriteFile(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.ReplaceLineEndings("\n"), new UTF8Encoding(false));
        return path;
    }

    /// <summary>An environment for <paramref name="uid"/> with HOME set and the given extra variables.</summary>
    public ConfigEnvironment Env(int uid = 0, HostFacts? host = null, params (string Name, string Value)[] variables)
    {
        var vars = new Dictionary<string, string>(StringComparer.Ordinal) { ["HOME"] = Home };
        foreach (var (name, value) in variables)
        {
            vars[name] = value;
        }

        return new ConfigEnvironment(vars, uid, home: null, rootPrefix: Root, host: host);
    }

    public ConfigEnvironment Rootless(params (string Name, string Value)[] variables) => Env(1000, null, variables);

    public ConfigEnvironment Rootful(params (string Name, string Value)[] variables) => Env(0, null, variables);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Base, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
