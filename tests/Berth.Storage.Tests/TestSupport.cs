using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text;
using Berth.Config;
using Berth.Oci;
using Berth.Platform;
using Berth.Storage.Layers;

[assembly: SupportedOSPlatform("linux")]

namespace Berth.Storage.Tests;

/// <summary>A scratch directory under /tmp with a graph root in it; removed (mounts first) on dispose.</summary>
internal sealed class TempRoot : IDisposable
{
    public TempRoot()
    {
        Path = Directory.CreateTempSubdirectory("berth-storage-").FullName;
    }

    public string Path { get; }

    public string GraphRoot => System.IO.Path.Combine(Path, "root");

    public StorageConf Conf(string? driver = null) => new()
    {
        GraphRoot = GraphRoot,
        RunRoot = System.IO.Path.Combine(Path, "run"),
        TmpDir = System.IO.Path.Combine(Path, "tmp"),
        Driver = driver,
    };

    public Store Open(string? driver = null) => Store.Open(Conf(driver));

    public string NewDirectory(string name)
    {
        var dir = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Staging entries other than live session markers.</summary>
    public IReadOnlyList<string> StagingLeftovers() =>
        Directory.EnumerateFileSystemEntries(System.IO.Path.Combine(GraphRoot, "tmp"))
            .Select(System.IO.Path.GetFileName)
            .Where(n => !n!.StartsWith("session.", StringComparison.Ordinal))
            .ToList()!;

    public void Dispose()
    {
        foreach (var mountPoint in KernelMounts.MountPointsUnder(Path))
        {
            KernelMounts.Unmount(mountPoint, detach: true);
        }

        Directory.Delete(Path, recursive: true);
    }
}

/// <summary>One change a test layer makes, applied in the driver's whiteout format by <see cref="Changes"/>.</summary>
internal abstract record Change(string Path);

internal sealed record AddFile(string Path, string Content, uint Mode = 0b110_100_100) : Change(Path);

internal sealed record AddDirectory(string Path) : Change(Path);

internal sealed record Delete(string Path) : Change(Path);

internal sealed record MakeOpaque(string Path) : Change(Path);

internal static class Changes
{
    public static Digest DiffId(string name) => Digest.Compute(Encoding.UTF8.GetBytes(name));

    /// <summary>A populate callback that applies <paramref name="changes"/> and counts its calls.</summary>
    public static Func<string, LayerWhiteoutFormat, CancellationToken, Task<long>> Populate(Change[] changes, Action? called = null) =>
        (dir, format, _) =>
        {
            called?.Invoke();
            Apply(dir, format, changes);
            return Task.FromResult(changes.Length * 100L);
        };

    public static void Apply(string root, LayerWhiteoutFormat format, IEnumerable<Change> changes)
    {
        foreach (var change in changes)
        {
            var path = System.IO.Path.Combine(root, change.Path.TrimStart('/'));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            switch (change)
            {
                case AddFile f:
                    File.WriteAllText(path, f.Content);
                    File.SetUnixFileMode(path, (UnixFileMode)f.Mode);
                    break;
                case AddDirectory:
                    Directory.CreateDirectory(path);
                    break;
                case Delete when format == LayerWhiteoutFormat.OverlayFs:
                    UnixFileSystem.CreateNode(path, UnixFileKind.CharacterDevice, 0, 0, 0);
                    break;
                case Delete:
                    if (Directory.Exists(path))
                    {
                        Directory.Delete(path, recursive: true);
                    }
                    else
                    {
                        File.Delete(path);
                    }

                    break;
                case MakeOpaque when format == LayerWhiteoutFormat.OverlayFs:
                    Directory.CreateDirectory(path);
                    UnixFileSystem.SetExtendedAttribute(path, "trusted.overlay.opaque", "y"u8);
                    break;
                case MakeOpaque:
                    if (Directory.Exists(path))
                    {
                        Directory.Delete(path, recursive: true);
                    }

                    Directory.CreateDirectory(path);
                    break;
            }
        }
    }
}

/// <summary>Runs this test assembly as a helper process (see <see cref="Program"/>).</summary>
internal static class Helper
{
    public static Process Start(params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var info = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("cannot start helper");
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
