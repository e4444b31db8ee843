using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using Berth.Build.Context;

namespace Berth.Build.Tests.Context;

public sealed class BuildContextTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private BuildContextRequest Request(string? location, params string[] files) => new()
    {
        Location = location,
        Containerfiles = files,
        WorkingDirectory = _tree.Root,
        TemporaryDirectory = _tree.Dir("tmp"),
    };

    private static Task<BuildContext> Open(BuildContextRequest request) => BuildContext.OpenAsync(request, CancellationToken.None);

    [Fact]
    public async Task OpenAsync_Directory_PrefersContainerfileOverDockerfile()
    {
        _tree.File("ctx/Containerfile", "FROM a");
        _tree.File("ctx/Dockerfile", "FROM b");
        using var context = await Open(Request("ctx"));
        Assert.Equal(_tree.Path("ctx"), context.Directory);
        Assert.Equal([_tree.Path("ctx/Containerfile")], context.Containerfiles);
        Assert.Null(context.TemporaryDirectory);
    }

    [Fact]
    public async Task OpenAsync_NoContainerfile_ThrowsPodmansStatError()
    {
        _tree.Dir("ctx");
        var error = await Assert.ThrowsAsync<BerthException>(() => Open(Request("ctx")));
        Assert.Equal($"stat {_tree.Path("ctx/Dockerfile")}: no such file or directory", error.Message);
    }

    [Fact]
    public async Task OpenAsync_FileOptionMissingEverywhere_ReportsTheContextPath()
    {
        _tree.Dir("ctx");
        var error = await Assert.ThrowsAsync<BerthException>(() => Open(Request(_tree.Path("ctx"), "nope")));
        Assert.Equal($"stat {_tree.Path("ctx/nope")}: no such file or directory", error.Message);
    }

    [Fact]
    public async Task OpenAsync_FileOptionRelativeToTheContext_IsFound()
    {
        _tree.File("ctx/build/Containerfile.dev", "FROM a");
        using var context = await Open(Request("ctx", "build/Containerfile.dev"));
        Assert.Equal([_tree.Path("ctx/build/Containerfile.dev")], context.Containerfiles);
    }

    [Fact]
    public async Task OpenAsync_FileOptionIsADirectory_ThrowsPodmansMessage()
    {
        _tree.Dir("ctx/sub");
        var error = await Assert.ThrowsAsync<BerthException>(() => Open(Request("ctx", "sub")));
        Assert.Equal($"containerfile: \"{_tree.Path("ctx/sub")}\" cannot be path to a directory", error.Message);
    }

    [Fact]
    public async Task OpenAsync_NoContextButAFile_UsesTheFilesDirectory()
    {
        _tree.File("ctx/My.containerfile", "FROM a");
        using var context = await Open(Request(null, "ctx/My.containerfile"));
        Assert.Equal(_tree.Path("ctx"), context.Directory);
    }

    [Fact]
    public async Task OpenAsync_NothingGiven_ThrowsPodmansMessage()
    {
        var error = await Assert.ThrowsAsync<BerthException>(() => Open(Request(null)));
        Assert.Equal("no context directory and no Containerfile specified", error.Message);
    }

    [Fact]
    public async Task OpenAsync_ContextIsAPlainFile_ThrowsPodmansMessage()
    {
        _tree.File("afile", "not an archive");
        var error = await Assert.ThrowsAsync<BerthException>(() => Open(Request("afile")));
        Assert.Equal($"context must be a directory: \"{_tree.Path("afile")}\"", error.Message);
    }

    [Fact]
    public async Task OpenAsync_GzipTarArchive_IsUnpackedAndRemovedOnDispose()
    {
        var archive = WriteArchive("ctx.tar.gz", gzip: true, ("Containerfile", "FROM a"), ("src/app.c", "int main;"));
        string temporary;
        using (var context = await Open(Request(archive)))
        {
            temporary = context.TemporaryDirectory!;
            Assert.StartsWith(_tree.Path("tmp"), temporary, StringComparison.Ordinal);
            Assert.Equal("int main;", File.ReadAllText(Path.Join(context.Directory, "src/app.c")));
            Assert.Equal([Path.Join(context.Directory, "Containerfile")], context.Containerfiles);
        }

        Assert.False(Directory.Exists(temporary));
    }

    [Fact]
    public async Task OpenAsync_HostileArchive_IsRefusedAndLeavesNothing()
    {
        var archive = WriteArchive("evil.tar", gzip: false, ("Containerfile", "FROM a"), ("../../escaped", "x"));
        await Assert.ThrowsAsync<BerthException>(() => Open(Request(archive)));
        Assert.False(File.Exists(_tree.Path("escaped")));
        Assert.False(File.Exists(Path.Join(_tree.Path("tmp"), "escaped")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_tree.Path("tmp")));
    }

    [Fact]
    public async Task OpenAsync_HttpArchive_IsDownloadedAndUnpacked()
    {
        var served = _tree.Dir("www");
        File.Move(WriteArchive("ctx.tar.gz", gzip: true, ("Containerfile", "FROM a"), ("f", "served")), Path.Join(served, "ctx.tar.gz"));
        using var server = new StaticHttpServer(served);
        using var context = await Open(Request(server.BaseUrl + "ctx.tar.gz"));
        Assert.Equal("served", File.ReadAllText(Path.Join(context.Directory, "f")));
    }

    [Fact]
    public async Task FetchNamedAsync_HttpArchiveWithoutContainerfile_IsUnpackedAndRemovedOnDispose()
    {
        // build --build-context name=URL: no Containerfile is looked for in a named context.
        var served = _tree.Dir("www");
        File.Move(WriteArchive("extra.tar.gz", gzip: true, ("sub/e.txt", "extra")), Path.Join(served, "extra.tar.gz"));
        using var server = new StaticHttpServer(served);

        string directory;
        using (var context = await BuildContext.FetchNamedAsync(server.BaseUrl + "extra.tar.gz", Request(null), CancellationToken.None))
        {
            directory = context.Directory;
            Assert.Equal("extra", File.ReadAllText(Path.Join(directory, "sub", "e.txt")));
            Assert.Empty(context.Containerfiles);
        }

        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public async Task OpenAsync_HttpContainerfile_BecomesTheDockerfile()
    {
        var served = _tree.Dir("www");
        File.WriteAllText(Path.Join(served, "Containerfile"), "FROM scratch\n");
        using var server = new StaticHttpServer(served);
        using var context = await Open(Request(server.BaseUrl + "Containerfile"));
        Assert.Equal([Path.Join(context.Directory, "Dockerfile")], context.Containerfiles);
        Assert.Equal("FROM scratch\n", File.ReadAllText(context.Containerfiles[0]));
    }

    [Fact]
    public async Task OpenAsync_HttpNotFound_ThrowsUnavailable()
    {
        using var server = new StaticHttpServer(_tree.Dir("www"));
        var error = await Assert.ThrowsAsync<BerthException>(() => Open(Request(server.BaseUrl + "missing.tar")));
        Assert.Equal(ErrorKind.Unavailable, error.Kind);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_tree.Path("tmp")));
    }

    [Fact]
    public async Task OpenAsync_GitRepositoryOverHttp_IsClonedWithReferenceAndSubdirectory()
    {
        var work = _tree.Dir("work");
        _tree.File("work/Containerfile", "FROM top");
        _tree.File("work/sub/Containerfile", "FROM sub");
        Git(work, "-c", "init.defaultBranch=main", "init", "-q");
        Git(work, "add", ".");
        Git(work, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "one");
        var served = _tree.Dir("www");
        Git(_tree.Root, "clone", "-q", "--bare", work, Path.Join(served, "repo.git"));
        Git(Path.Join(served, "repo.git"), "update-server-info");
        using var server = new StaticHttpServer(served);

        using (var top = await Open(Request(server.BaseUrl + "repo.git")))
        {
            Assert.Equal("FROM top", File.ReadAllText(top.Containerfiles[0]));
        }

        using var sub = await Open(Request(server.BaseUrl + "repo.git#main:sub"));
        Assert.EndsWith("/sub", sub.Directory, StringComparison.Ordinal);
        Assert.Equal("FROM sub", File.ReadAllText(sub.Containerfiles[0]));
    }

    [Fact]
    public async Task OpenAsync_StandardInputArchive_IsUnpacked()
    {
        var archive = WriteArchive("in.tar", gzip: false, ("Containerfile", "FROM stdin"));
        using var input = File.OpenRead(archive);
        using var context = await Open(Request("-") with { StandardInput = input });
        Assert.Equal("FROM stdin", File.ReadAllText(context.Containerfiles[0]));
    }

    [Fact]
    public async Task OpenAsync_ContextIgnoreFile_IsLoaded()
    {
        _tree.File("ctx/Containerfile", "FROM a");
        _tree.File("ctx/.dockerignore", "*.log");
        using var context = await Open(Request("ctx"));
        Assert.True(context.Ignore.IsExcluded("x.log"));
        Assert.Equal(_tree.Path("ctx/.dockerignore"), context.Ignore.SourceFile);
    }

    private string WriteArchive(string name, bool gzip, params (string Name, string Content)[] files)
    {
        var path = _tree.Path(name);
        using (var file = File.Create(path))
        using (Stream output = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file)
        using (var writer = new TarWriter(output, TarEntryFormat.Pax))
        {
            foreach (var (entryName, content) in files)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, entryName)
                {
                    DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)),
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                };
                writer.WriteEntry(entry);
            }
        }

        return path;
    }

    private static void Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', arguments)}: {error}");
    }
}
