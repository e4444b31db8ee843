using System.Text;
using System.Text.Json;

namespace Berth.Oci.Tests;

/// <summary>The hand-written reader against System.Text.Json's: the same record for every document, or both refuse it.</summary>
public sealed class ImageConfigurationReaderTests
{
    private const string D1 = "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";
    private const string D2 = "sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4";

    public static TheoryData<string> Documents() => new(Filled());

    private static IEnumerable<string> Filled() => Raw().Select(d => d.Replace("@D1", D1, StringComparison.Ordinal).Replace("@D2", D2, StringComparison.Ordinal));

    private static string[] Raw() =>
    [
        // podman-built busybox (recorded shape): config, rootfs, history with empty_layer
        """{"created":"2026-12-05T10:28:01.123456789Z","architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["sh"],"Labels":{"io.buildah.version":"1.28.2"}},"rootfs":{"type":"layers","diff_ids":["@D1"]},"history":[{"created":"2026-12-05T10:28:01Z","created_by":"/bin/sh -c #(nop) ADD file:abc in / ","comment":"FROM busybox"},{"created":"2026-12-05T10:28:02+01:00","created_by":"/bin/sh -c #(nop) CMD [\"sh\"]","empty_layer":true}]}""",
        // Docker's fields: ExposedPorts, Volumes, Healthcheck, OnBuild, Shell, docker_version, os.version/features, variant
        """{"architecture":"arm64","variant":"v8","os":"linux","os.version":"10.0","os.features":["win32k"],"docker_version":"24.0.7","author":"me","config":{"User":"1000:1000","ExposedPorts":{"80/tcp":{},"443/tcp":{"x":[1,{"y":null}]}},"Env":null,"Entrypoint":["/docker-entrypoint.sh"],"Cmd":["nginx","-g","daemon off;"],"Volumes":{"/data":{}},"WorkingDir":"/srv","StopSignal":"SIGQUIT","ArgsEscaped":true,"Healthcheck":{"Test":["CMD-SHELL","curl -f localhost"],"Interval":30000000000,"Timeout":5000000000,"StartPeriod":0,"StartInterval":1000000000,"Retries":3},"OnBuild":[],"Shell":["/bin/bash","-c"]},"rootfs":{"type":"layers","diff_ids":["@D1","@D2"]}}""",
        // unknown members at every level (Docker's container_config, Image, …), skipped whatever their shape
        """{"id":"x","container_config":{"Hostname":"abc","Cmd":["/bin/sh","-c","#(nop)"]},"architecture":"amd64","os":"linux","config":{"Hostname":"","Tty":false,"Image":"sha256:1","Healthcheck":{"Test":["NONE"],"Odd":[[]]}},"rootfs":{"type":"layers","diff_ids":[],"extra":1},"history":[{"x":{"y":[true]},"comment":"c"}],"z":null}""",
        // nulls where the model allows them
        """{"created":null,"author":null,"architecture":"amd64","os":"linux","os.features":null,"config":null,"rootfs":null,"history":null}""",
        """{"architecture":null,"os":null,"rootfs":{"type":null,"diff_ids":null},"config":{"Labels":{"a":null},"ExposedPorts":{"80/tcp":null},"Env":[null,"A=1"],"Healthcheck":null,"ArgsEscaped":null},"history":[null]}""",
        // the last of a repeated member wins; repeated map keys too
        """{"architecture":"386","architecture":"amd64","os":"linux","config":{"Cmd":["a"],"Cmd":["b"],"Labels":{"k":"1","k":"2"}},"rootfs":{"type":"layers","diff_ids":["@D1"]},"rootfs":{"type":"layers","diff_ids":[]}}""",
        // escapes and non-ASCII text
        """{"architecture":"amd64","os":"linux","author":"J\u00f6rg \"q\" \\ \/ \n","config":{"Env":["X=\ud83d\ude00","Y=tab\there"]},"rootfs":{"type":"layers","diff_ids":[]}}""",
        // JSON null document
        "null",
        "  null  ",
        // refused: wrong kinds
        """{"architecture":1,"os":"linux","rootfs":{"type":"layers","diff_ids":[]}}""",
        """{"architecture":"amd64","os":"linux","config":{"Env":"A=1"},"rootfs":{"type":"layers","diff_ids":[]}}""",
        """{"architecture":"amd64","os":"linux","config":{"ExposedPorts":{"80/tcp":true}},"rootfs":{"type":"layers","diff_ids":[]}}""",
        """{"architecture":"amd64","os":"linux","config":{"ExposedPorts":["80/tcp"]},"rootfs":{"type":"layers","diff_ids":[]}}""",
        """{"architecture":"amd64","os":"linux","config":{"ArgsEscaped":"true"},"rootfs":{"type":"layers","diff_ids":[]}}""",
        """{"architecture":"amd64","os":"linux","config":{"Healthcheck":{"Interval":"30s"}},"rootfs":{"type":"layers","diff_ids":[]}}""",
        """{"architecture":"amd64","os":"linux","config":{"Healthcheck":{"Interval":1.5}},"rootfs":{"type":"layers","diff_ids":[]}}""",
        """{"architecture":"amd64","os":"linux","config":{"Healthcheck":{"Retries":3000000000}},"rootfs":{"type":"layers","diff_ids":[]}}""",
        """{"architecture":"amd64","os":"linux","config":{"Labels":{"a":1}},"rootfs":{"type":"layers","diff_ids":[]}}""",
        """{"created":"yesterday","architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}""",
        """{"created":12,"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}""",
        """{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:abc"]}}""",
        """{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[null]}}""",
        """{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[7]}}""",
        """{"architecture":"amd64","os":"linux","rootfs":[]}""",
        """{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]},"history":{}}""",
        """{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]},"history":[1]}""",
        // refused: required members missing
        """{"os":"linux","rootfs":{"type":"layers","diff_ids":[]}}""",
        """{"architecture":"amd64","rootfs":{"type":"layers","diff_ids":[]}}""",
        """{"architecture":"amd64","os":"linux"}""",
        """{"architecture":"amd64","os":"linux","rootfs":{"diff_ids":[]}}""",
        """{"architecture":"amd64","os":"linux","rootfs":{"type":"layers"}}""",
        // refused: not a document of one object
        "",
        "   ",
        "[]",
        "\"config\"",
        """{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}} {}""",
        """{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}x""",
        """{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]},}""",
        """{"architecture":"amd64" /* c */,"os":"linux","rootfs":{"type":"layers","diff_ids":[]}}""",
        """{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}""",
        """{"Architecture":"amd64","OS":"linux","RootFS":{"type":"layers","diff_ids":[]}}""",
    ];

    [Theory]
    [MemberData(nameof(Documents))]
    public void Read_Document_AgreesWithSystemTextJson(string document)
    {
        var bytes = Encoding.UTF8.GetBytes(document);
        var expected = Outcome(() => JsonSerializer.Deserialize(bytes, OciJsonContext.Default.ImageConfiguration));

        var actual = Outcome(() => ImageConfigurationReader.Read(bytes));

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Documents_AcceptedOnesAreThere_SoTheComparisonIsNotAllRefusals()
    {
        var accepted = Filled().Count(d => Outcome(() => ImageConfigurationReader.Read(Encoding.UTF8.GetBytes(d))) is not ("refused" or "null"));

        Assert.Equal(7, accepted);
    }

    [Fact]
    public void Read_DeeplyNestedUnknownMember_IsRefusedLikeSystemTextJson()
    {
        var deep = new string('[', 70) + new string(']', 70);
        var bytes = Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux","x":@DEEP,"rootfs":{"type":"layers","diff_ids":[]}}""".Replace("@DEEP", deep, StringComparison.Ordinal));

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(bytes, OciJsonContext.Default.ImageConfiguration));
        Assert.ThrowsAny<JsonException>(() => ImageConfigurationReader.Read(bytes));
    }

    /// <summary>What a reader made of a document: the record written back out (STJ's writer), or "refused".</summary>
    private static string Outcome(Func<ImageConfiguration?> read)
    {
        ImageConfiguration? config;
        try
        {
            config = read();
        }
        catch (JsonException)
        {
            return "refused";
        }

        return config is null ? "null" : JsonSerializer.Serialize(config, OciJsonContext.Default.ImageConfiguration);
    }
}
