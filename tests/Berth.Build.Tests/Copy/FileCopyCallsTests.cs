using Berth.Platform.FileSystem;

namespace Berth.Build.Tests.Copy;

/// <summary>The in-kernel copy under the copier: same file system (copy_file_range) and across file systems (fallbacks).</summary>
public sealed class FileCopyCallsTests : IDisposable
{
    private readonly List<string> _paths = [];

    public void Dispose()
    {
        foreach (var path in _paths)
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("/tmp", "/tmp")]
    [InlineData("/dev/shm", "/tmp")]
    [InlineData("/tmp", "/dev/shm")]
    public void CopyToEnd_AnyPairOfFileSystems_CopiesEveryByte(string from, string to)
    {
        var data = new byte[3 * 1024 * 1024 + 17];
        new Random(7).NextBytes(data);
        var source = Temp(from);
        File.WriteAllBytes(source, data);
        var target = Temp(to);

        using (var input = File.OpenHandle(source))
        using (var output = File.OpenHandle(target, FileMode.CreateNew, FileAccess.Write))
        {
            Assert.Equal(Errno.None, FileCopyCalls.CopyToEnd(input, output, out var copied));
            Assert.Equal(data.Length, copied);
        }

        Assert.Equal(data, File.ReadAllBytes(target));
    }

    [Fact]
    public void Copy_Length_StopsThere()
    {
        var source = Temp("/tmp");
        File.WriteAllText(source, "0123456789");
        var target = Temp("/tmp");

        using (var input = File.OpenHandle(source))
        using (var output = File.OpenHandle(target, FileMode.CreateNew, FileAccess.Write))
        {
            Assert.Equal(Errno.None, FileCopyCalls.Copy(input, output, 4, out var copied));
            Assert.Equal(4, copied);
        }

        Assert.Equal("0123", File.ReadAllText(target));
    }

    private string Temp(string directory)
    {
        var path = Path.Combine(directory, "berth-copy-" + Guid.NewGuid().ToString("N"));
        _paths.Add(path);
        return path;
    }
}
