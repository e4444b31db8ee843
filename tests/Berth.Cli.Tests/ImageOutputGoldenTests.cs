using System.Text.Json;
using Berth.Cli.Output;
using Berth.Engine.Images;
using Berth.Oci;
using Berth.Templates;

namespace Berth.Cli.Tests;

/// <summary>
/// The podman 4.3.1 image corpus (tests/Berth.Templates.Tests/Golden/podman-4.3) run through Berth's production image
/// views (ImageViews) and output paths (InspectOutput, ImageListOutput): same data in, podman's exact text out.
/// </summary>
public class ImageOutputGoldenTests
{
    private static string Corpus(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "PodmanCorpus", name));

    public static TheoryData<string> InspectCases() => CaseNames("inspect-cases.json");

    /// <summary>The images cases except the four with --filter: filters select images in the engine's ImageService,
    /// not in the output path tested here.</summary>
    public static TheoryData<string> ImagesCases() => CaseNames("images-cases.json", c => !c.GetProperty("args").EnumerateArray().Any(a => a.GetString() == "--filter"));

    private static TheoryData<string> CaseNames(string file, Func<JsonElement, bool>? include = null)
    {
        var data = new TheoryData<string>();
        foreach (var c in JsonDocument.Parse(Corpus(file)).RootElement.EnumerateArray())
        {
            if (include is null || include(c))
            {
                data.Add(c.GetProperty("name").GetString()!);
            }
        }

        return data;
    }

    private static JsonElement Case(string file, string name) =>
        JsonDocument.Parse(Corpus(file)).RootElement.EnumerateArray().First(c => c.GetProperty("name").GetString() == name);

    [Theory]
    [MemberData(nameof(InspectCases))]
    public void ImageInspect_PodmanCase_SameOutput(string name)
    {
        var c = Case("inspect-cases.json", name);
        var image = InspectImage(JsonDocument.Parse(Corpus("image-inspect.json")).RootElement[0]);
        var (stdout, stderr, exit) = Run(o => InspectOutput.Write(o, c.GetProperty("template").GetString(), [ImageViews.Inspect(image)], isImage: true));
        Assert.Equal(c.GetProperty("stdout").GetString(), stdout);
        Assert.Equal(c.GetProperty("stderr").GetString(), stderr);
        Assert.Equal(c.GetProperty("exitCode").GetInt32(), exit);
    }

    [Fact]
    public void ImageInspect_Json_IsPodmansBytes()
    {
        var raw = Corpus("image-inspect.json");
        var image = InspectImage(JsonDocument.Parse(raw).RootElement[0]);
        var (stdout, _, _) = Run(o => InspectOutput.Write(o, null, [ImageViews.Inspect(image)], isImage: true));
        Assert.Equal(raw, stdout);
    }

    [Theory]
    [MemberData(nameof(ImagesCases))]
    public void Images_PodmanCase_SameOutput(string name)
    {
        var c = Case("images-cases.json", name);
        var args = c.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToList();

        var options = new ImageListOptions();
        for (var i = 0; i < args.Count; i++)
        {
            options = args[i] switch
            {
                "--format" => options with { Format = args[++i] },
                "--sort" => options with { Sort = args[++i] },
                "--noheading" => options with { NoHeading = true },
                "--no-trunc" => options with { NoTrunc = true },
                "-q" => options with { Quiet = true },
                _ => throw new InvalidOperationException(args[i]),
            };
        }

        var (stdout, stderr, exit) = Run(o => ImageListOutput.Write(o, ListImages(), options, DateTimeOffset.UtcNow));
        Assert.Equal(c.GetProperty("stdout").GetString(), stdout);
        Assert.Equal(c.GetProperty("stderr").GetString(), stderr);
        Assert.Equal(c.GetProperty("exitCode").GetInt32(), exit);
    }

    /// <summary>Runs an output path as the CLI does: errors become "Error: …" and exit 125.</summary>
    private static (string Stdout, string Stderr, int Exit) Run(Action<TextWriter> action)
    {
        var stdout = new StringWriter();
        try
        {
            action(stdout);
            return (stdout.ToString(), "", 0);
        }
        catch (Exception e) when (e is TemplateException or BerthException)
        {
            return (stdout.ToString(), "Error: " + e.Message + "\n", 125);
        }
    }

    private static LocalImage InspectImage(JsonElement e)
    {
        var configJson = new System.Text.Json.Nodes.JsonObject
        {
            ["created"] = e.GetProperty("Created").GetString(),
            ["author"] = e.GetProperty("Author").GetString(),
            ["architecture"] = e.GetProperty("Architecture").GetString(),
            ["os"] = e.GetProperty("Os").GetString(),
            ["config"] = System.Text.Json.Nodes.JsonNode.Parse(e.GetProperty("Config").GetRawText()),
            ["rootfs"] = new System.Text.Json.Nodes.JsonObject
            {
                ["type"] = "layers",
                ["diff_ids"] = System.Text.Json.Nodes.JsonNode.Parse(e.GetProperty("RootFS").GetProperty("Layers").GetRawText()),
            },
            ["history"] = System.Text.Json.Nodes.JsonNode.Parse(e.GetProperty("History").GetRawText()),
        };
        var config = JsonSerializer.Deserialize(configJson.ToJsonString(), OciJsonContext.Default.ImageConfiguration)!;
        return new LocalImage
        {
            Id = e.GetProperty("Id").GetString()!,
            ManifestDigest = Digest.Parse(e.GetProperty("Digest").GetString()!),
            ManifestMediaType = e.GetProperty("ManifestType").GetString()!,
            Names = Strings(e, "RepoTags"),
            Digests = Strings(e, "RepoDigests"),
            NamesHistory = Strings(e, "NamesHistory"),
            Config = config,
            Size = e.GetProperty("Size").GetInt64(),
            Created = DateTimeOffset.Parse(e.GetProperty("Created").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            StorageDriver = e.GetProperty("GraphDriver").GetProperty("Name").GetString()!,
            Annotations = e.GetProperty("Annotations").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
        };
    }

    private static List<LocalImage> ListImages()
    {
        var result = new List<LocalImage>();
        foreach (var e in JsonDocument.Parse(Corpus("images.json")).RootElement.EnumerateArray())
        {
            var id = e.GetProperty("Id").GetString()!;
            if (result.Any(i => i.Id == id))
            {
                continue;
            }

            var labels = e.GetProperty("Labels").ValueKind == JsonValueKind.Object
                ? e.GetProperty("Labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)
                : null;
            result.Add(new LocalImage
            {
                Id = id,
                ManifestDigest = Digest.Parse(e.GetProperty("Digest").GetString()!),
                ManifestMediaType = MediaTypes.OciManifest,
                Names = Strings(e, "Names"),
                Digests = Strings(e, "RepoDigests"),
                NamesHistory = Strings(e, "History"),
                Config = new ImageConfiguration
                {
                    Architecture = "amd64",
                    OS = "linux",
                    RootFs = new RootFs { Type = "layers", DiffIds = [] },
                    Config = labels is null ? null : new ContainerConfig { Labels = labels },
                },
                Size = e.GetProperty("Size").GetInt64(),
                Created = DateTimeOffset.FromUnixTimeSeconds(e.GetProperty("Created").GetInt64()),
                StorageDriver = "vfs",
                Containers = e.GetProperty("Containers").GetInt32(),
            });
        }

        return result;
    }

    private static List<string> Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
}
