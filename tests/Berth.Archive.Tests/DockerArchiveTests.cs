using System.Text;
using System.Text.Json;
using Berth.Oci;

namespace Berth.Archive.Tests;

public class DockerArchiveTests
{
    [Fact]
    public async Task Writer_ThenReader_ImagesLayersAndLegacyMetadata()
    {
        using var box = new Sandbox();
        var base1 = new TarBuilder().File("etc/os-release", "ID=test").ToArray();
        var app = new TarBuilder().File("app/run", "#!/bin/sh").ToArray();
        var config = Config(base1, app);
        var archive = Path.Combine(box.Root, "save.tar");
        await using (var file = File.Create(archive))
        {
            using var writer = new DockerArchiveWriter(file);
            await writer.AddImageAsync(config, [Layer(base1), Layer(app)], ["docker.io/library/app:1", "localhost/app:latest"], CancellationToken.None);
            await writer.AddImageAsync(config, [Layer(base1), Layer(app)], ["docker.io/library/app:2"], CancellationToken.None);
            await writer.FinishAsync(CancellationToken.None);
        }

        using var reader = await DockerArchiveReader.OpenAsync(archive, null, CancellationToken.None);

        var item = Assert.Single(reader.Items);
        Assert.Equal(["docker.io/library/app:1", "localhost/app:latest", "docker.io/library/app:2"], item.RepoTags);
        Assert.Equal(Digest.Compute(config).Encoded + ".json", item.Config);
        Assert.Equal([Digest.Compute(base1).Encoded + ".tar", Digest.Compute(app).Encoded + ".tar"], item.Layers);
        Assert.Same(item, reader.Choose("app:2"));
        Assert.Same(item, reader.Choose("localhost/app"));
        Assert.Equal(config, await reader.ReadConfigAsync(item, CancellationToken.None));
        await using (var layer = reader.OpenLayer(item, 1, Digest.Compute(app)))
        {
            var applied = await LayerApplier.ApplyAsync(layer, LayerCompression.None, box.Target, LayerApplyOptions.Default, CancellationToken.None);
            Assert.Equal(Digest.Compute(app), applied.DiffId);
        }

        Assert.NotNull(reader.Repositories);
        var topId = reader.Repositories["docker.io/library/app"]["1"];
        Assert.Equal(topId, reader.Repositories["localhost/app"]["latest"]);
        Assert.Equal(topId, reader.Repositories["docker.io/library/app"]["2"]);
        var legacy = new DockerArchiveManifestItem { Config = topId + "/json", Layers = [topId + "/layer.tar"] };
        Assert.Equal(reader.LayerSize(item, 1), reader.LayerSize(legacy, 0));
        using var legacyJson = JsonDocument.Parse(await reader.ReadConfigAsync(legacy, CancellationToken.None));
        Assert.Equal(topId, legacyJson.RootElement.GetProperty("id").GetString());
        Assert.Equal("amd64", legacyJson.RootElement.GetProperty("architecture").GetString());
        Assert.True(legacyJson.RootElement.TryGetProperty("parent", out _));
    }

    [Fact]
    public async Task Writer_SameImagesTwice_SameBytes()
    {
        var layer = new TarBuilder().File("a", "a").ToArray();
        var config = Config(layer);

        var first = await WriteAsync(config, layer);
        var second = await WriteAsync(config, layer);

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Writer_LayerNotMatchingDiffId_Refused()
    {
        var layer = new TarBuilder().File("a", "a").ToArray();
        var config = Config(layer);
        using var writer = new DockerArchiveWriter(new MemoryStream());
        var wrong = new DockerArchiveLayer(Digest.Compute(layer), layer.Length, _ => Task.FromResult<Stream>(new MemoryStream(new byte[layer.Length])));

        var e = await Assert.ThrowsAsync<BerthException>(() => writer.AddImageAsync(config, [wrong], ["x:1"], CancellationToken.None));

        Assert.Contains("does not match", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reader_DockerSaveWithOciBlobsAndSymlinks_LayersVerified()
    {
        using var box = new Sandbox();
        // docker 25+ saves an OCI layout plus manifest.json whose paths are blobs; older ones use <id>/layer.tar, here a symlink.
        var layer = new TarBuilder().File("x", "x").ToArray();
        var config = Config(layer);
        var layerHex = Digest.Compute(layer).Encoded;
        var configHex = Digest.Compute(config).Encoded;
        var manifest = $$"""[{"Config":"blobs/sha256/{{configHex}}","RepoTags":["busybox:latest"],"Layers":["legacy/layer.tar"]}]""";
        var archive = Path.Combine(box.Root, "docker.tar");
        File.WriteAllBytes(archive, new TarBuilder()
            .File("blobs/sha256/" + layerHex, Encoding.Latin1.GetString(layer))
            .File("blobs/sha256/" + configHex, Encoding.UTF8.GetString(config))
            .Symlink("legacy/layer.tar", "../blobs/sha256/" + layerHex)
            .File("manifest.json", manifest)
            .ToArray());

        using var reader = await DockerArchiveReader.OpenAsync(archive, null, CancellationToken.None);
        var item = reader.Choose("docker.io/library/busybox");

        Assert.Equal(config, await reader.ReadConfigAsync(item, CancellationToken.None));
        await using var stream = reader.OpenLayer(item, 0, Digest.Compute(layer));
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(layer, copy.ToArray());
        Assert.Null(reader.Repositories);
    }

    [Fact]
    public async Task Reader_TamperedLayer_FailsAtTheEnd()
    {
        using var box = new Sandbox();
        var layer = new TarBuilder().File("x", "x").ToArray();
        var config = Config(layer);
        var archive = Path.Combine(box.Root, "docker.tar");
        await using (var file = File.Create(archive))
        {
            using var writer = new DockerArchiveWriter(file);
            await writer.AddImageAsync(config, [Layer(layer)], ["t:1"], CancellationToken.None);
            await writer.FinishAsync(CancellationToken.None);
        }

        var bytes = File.ReadAllBytes(archive);
        var at = IndexOf(bytes, Encoding.ASCII.GetBytes("x\0\0\0"), start: 1024);
        bytes[at] = (byte)'y';
        File.WriteAllBytes(archive, bytes);
        using var reader = await DockerArchiveReader.OpenAsync(archive, null, CancellationToken.None);
        var item = reader.Choose(null);
        await using var stream = reader.OpenLayer(item, 0, Digest.Compute(layer));

        var e = await Assert.ThrowsAsync<BerthException>(() => stream.CopyToAsync(Stream.Null));

        Assert.Contains("is corrupt", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("/../../outside.txt")]
    public async Task Reader_PathsLeavingTheArchive_NotFound(string layerPath)
    {
        using var box = new Sandbox();
        var archive = Path.Combine(box.Inputs, "hostile.tar");
        File.WriteAllBytes(archive, new TarBuilder()
            .File("manifest.json", $$"""[{"Config":"c.json","RepoTags":["h:1"],"Layers":["{{layerPath}}"]}]""")
            .ToArray());
        using var reader = await DockerArchiveReader.OpenAsync(archive, null, CancellationToken.None);

        Assert.Throws<BerthException>(() => reader.OpenLayer(reader.Items[0], 0));
        box.AssertOutsideUnchanged();
    }

    [Fact]
    public async Task Reader_NoManifest_Refused()
    {
        using var box = new Sandbox();
        var archive = Path.Combine(box.Root, "old.tar");
        File.WriteAllBytes(archive, new TarBuilder().File("repositories", "{}").ToArray());

        var e = await Assert.ThrowsAsync<BerthException>(() => DockerArchiveReader.OpenAsync(archive, null, CancellationToken.None));

        Assert.Contains("no manifest.json", e.Message, StringComparison.Ordinal);
    }

    private static async Task<byte[]> WriteAsync(byte[] config, byte[] layer)
    {
        var output = new MemoryStream();
        using (var writer = new DockerArchiveWriter(output))
        {
            await writer.AddImageAsync(config, [Layer(layer)], ["r:t"], CancellationToken.None);
            await writer.FinishAsync(CancellationToken.None);
        }

        return output.ToArray();
    }

    private static DockerArchiveLayer Layer(byte[] tar) =>
        new(Digest.Compute(tar), tar.Length, _ => Task.FromResult<Stream>(new MemoryStream(tar)));

    private static byte[] Config(params byte[][] layers) => Encoding.UTF8.GetBytes(
        $$$"""{"architecture":"amd64","os":"linux","config":{"Cmd":["/bin/sh"]},"rootfs":{"type":"layers","diff_ids":[{{{string.Join(',', layers.Select(l => $"\"{Digest.Compute(l)}\""))}}}]}}""");

    private static int IndexOf(byte[] haystack, byte[] needle, int start)
    {
        for (var i = start; i <= haystack.Length - needle.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        throw new InvalidOperationException("not found");
    }
}
