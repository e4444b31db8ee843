using System.Text.Json;
using Berth.Oci;

namespace Berth.TestSupport;

/// <summary>
/// Builds a <see cref="TestImage"/>: layers from files, a config with a fixed <c>created</c> time, and the manifest.
/// </summary>
/// <example>
/// <code>
/// var image = TestImageBuilder.Busybox().Build();                     // /bin/busybox + sh, gzip, OCI
/// var docker = new TestImageBuilder(TestImageFormat.Docker)
///     .Layer(l => l.File("etc/motd", "hello\n"), LayerCompression.None)
///     .Platform("linux", "arm64", "v8")
///     .Build();
/// </code>
/// </example>
public sealed class TestImageBuilder
{
    /// <summary>The <c>created</c> time of every config and history entry.</summary>
    public static readonly DateTimeOffset Created = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] BusyboxApplets = ["sh", "ls", "cat", "echo", "true", "sleep", "env", "id"];
    private readonly TestImageFormat _format;
    private readonly List<(TestLayerBuilder Layer, LayerCompression Compression)> _layers = [];
    private Platform _platform = new("linux", "amd64");
    private IReadOnlyList<string>? _cmd;
    private IReadOnlyList<string>? _entrypoint;
    private IReadOnlyList<string> _env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"];
    private readonly Dictionary<string, string> _labels = new(StringComparer.Ordinal);

    public TestImageBuilder(TestImageFormat format = TestImageFormat.Oci) => _format = format;

    /// <summary>
    /// A runnable busybox image: <c>/bin/busybox</c> from the host (busybox-static) with <c>sh</c>, <c>ls</c>,
    /// <c>cat</c>, <c>echo</c>, <c>true</c>, <c>sleep</c> links, and <c>Cmd ["sh"]</c>.
    /// </summary>
    public static TestImageBuilder Busybox(TestImageFormat format = TestImageFormat.Oci, LayerCompression compression = LayerCompression.Gzip) =>
        new TestImageBuilder(format)
            .Layer(l =>
            {
                l.HostFile("/bin/busybox", "bin/busybox");
                foreach (var applet in BusyboxApplets)
                {
                    l.Symlink("bin/" + applet, "busybox");
                }

                l.Directory("tmp", (UnixFileMode)0b111_111_111 | UnixFileMode.StickyBit);
            }, compression)
            .Cmd("sh");

    /// <summary>Adds a layer.</summary>
    public TestImageBuilder Layer(Action<TestLayerBuilder> build, LayerCompression compression = LayerCompression.Gzip)
    {
        ArgumentNullException.ThrowIfNull(build);
        if (_format == TestImageFormat.Docker && compression == LayerCompression.Zstd)
        {
            throw new ArgumentException("Docker schema 2 images have no zstd layer type", nameof(compression));
        }

        var layer = new TestLayerBuilder();
        build(layer);
        _layers.Add((layer, compression));
        return this;
    }

    public TestImageBuilder Platform(string os, string architecture, string? variant = null)
    {
        _platform = new Platform(os, architecture, variant);
        return this;
    }

    public TestImageBuilder Cmd(params string[] cmd)
    {
        _cmd = cmd;
        return this;
    }

    public TestImageBuilder Entrypoint(params string[] entrypoint)
    {
        _entrypoint = entrypoint;
        return this;
    }

    public TestImageBuilder Env(params string[] env)
    {
        _env = env;
        return this;
    }

    public TestImageBuilder Label(string name, string value)
    {
        _labels[name] = value;
        return this;
    }

    public TestImage Build()
    {
        var layers = new List<TestBlob>();
        var diffIds = new List<Digest>();
        var history = new List<HistoryEntry>();
        foreach (var (layer, compression) in _layers)
        {
            var tar = layer.BuildTar();
            diffIds.Add(Digest.Compute(tar));
            layers.Add(TestBlob.FromBytes(TestLayerBuilder.Compress(tar, compression), LayerMediaType(compression)));
            history.Add(new HistoryEntry { Created = Created, CreatedBy = "berth test image layer" });
        }

        var config = new ImageConfiguration
        {
            Created = Created,
            Architecture = _platform.Architecture,
            OS = _platform.OS,
            Variant = _platform.Variant,
            Config = new ContainerConfig
            {
                Env = _env,
                Cmd = _cmd,
                Entrypoint = _entrypoint,
                Labels = _labels.Count > 0 ? new Dictionary<string, string>(_labels, StringComparer.Ordinal) : null,
            },
            RootFs = new RootFs { Type = "layers", DiffIds = diffIds },
            History = history,
        };
        var configBlob = TestBlob.FromBytes(
            JsonSerializer.SerializeToUtf8Bytes(config, OciJsonContext.Writer.ImageConfiguration),
            _format == TestImageFormat.Oci ? MediaTypes.OciConfig : MediaTypes.DockerConfig);

        var mediaType = _format == TestImageFormat.Oci ? MediaTypes.OciManifest : MediaTypes.DockerManifest;
        var manifest = new ImageManifest
        {
            SchemaVersion = 2,
            MediaType = mediaType,
            Config = configBlob.Descriptor,
            Layers = layers.Select(l => l.Descriptor).ToList(),
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest, OciJsonContext.Writer.ImageManifest);
        return new TestImage(_format, _platform, configBlob, layers, diffIds, bytes, mediaType);
    }

    private string LayerMediaType(LayerCompression compression) => (_format, compression) switch
    {
        (TestImageFormat.Oci, LayerCompression.None) => MediaTypes.OciLayer,
        (TestImageFormat.Oci, LayerCompression.Gzip) => MediaTypes.OciLayerGzip,
        (TestImageFormat.Oci, LayerCompression.Zstd) => MediaTypes.OciLayerZstd,
        (TestImageFormat.Docker, LayerCompression.None) => "application/vnd.docker.image.rootfs.diff.tar",
        _ => MediaTypes.DockerLayerGzip,
    };
}
