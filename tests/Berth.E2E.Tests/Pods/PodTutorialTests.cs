using System.Text.RegularExpressions;
using Berth.E2E.Tests.Containers;
using Berth.E2E.Tests.Networks;
using Berth.TestSupport;

namespace Berth.E2E.Tests.Pods;

/// <summary>
/// Issue 7's second tutorial exercise: a pod with a database server (redis) and a web application (busybox httpd with a
/// CGI script that increments a redis counter over the pod's localhost), each with its own named volume, only the web
/// port published. The two images are built by the test (<c>berth build</c>) from a cached Debian base
/// (<see cref="DebianBase"/>: debootstrap once per machine, packages downloaded once as .deb files and installed offline).
/// </summary>
public sealed partial class PodTutorialTests : IClassFixture<ContainerStoreFixture>, IDisposable
{
    private const string DbImage = "localhost/tutorial-db:latest";
    private const string WebImage = "localhost/tutorial-web:latest";

    /// <summary>The web application: one redis round trip per request, each visit also logged on the web's own volume.</summary>
    private const string HitsCgi = """
        #!/bin/sh
        n=$(redis-cli -h 127.0.0.1 -p 6379 INCR hits 2>/dev/null)
        printf 'Content-Type: text/plain\r\n\r\n'
        case "$n" in
          ''|*[!0-9]*) echo "database not ready"; exit 0;;
        esac
        echo "$n" >> /srv/webdata/visits.log
        echo "hits=$n logged=$(wc -l < /srv/webdata/visits.log)"
        """;

    private readonly ContainerStoreFixture _f;
    private readonly string _setup = Directory.CreateTempSubdirectory("berth-tutorial-").FullName;

    public PodTutorialTests(ContainerStoreFixture fixture) => _f = fixture;

    public void Dispose() => Directory.Delete(_setup, recursive: true);

    private RunResult Berth(params string[] args) => _f.Berth(args);

    private RunResult Ok(params string[] args)
    {
        var r = Berth(args);
        Assert.True(r.ExitCode == 0, $"berth {string.Join(' ', args)}: exit {r.ExitCode}: {r.Stderr}\n{r.Stdout}");
        return r;
    }

    [GeneratedRegex(@"^hits=(\d+) logged=(\d+)\n$")]
    private static partial Regex Answer();

    [Fact]
    public async Task Tutorial_DatabaseAndWebPod_RoundTripOverLocalhost_DataSurvivesARestart()
    {
        BuildImages();
        var port = TestNetworks.FreePort();
        Ok("pod", "create", "--name", "tutorial-pod", "-p", $"{port}:8080");
        try
        {
            Ok("run", "-d", "--pod", "tutorial-pod", "--name", "tutorial-db", "-v", "dbdata:/data", DbImage);
            // busybox httpd as PID 1 ignores SIGTERM; it has nothing to flush.
            Ok("run", "-d", "--pod", "tutorial-pod", "--name", "tutorial-web", "--stop-signal", "KILL", "-v", "webdata:/srv/webdata", WebImage);

            Assert.Equal("hits=1 logged=1\n", await HitsAsync(port));
            Assert.Equal("hits=2 logged=2\n", await HitsAsync(port));
            // Only the web port is published.
            Assert.Equal($"8080/tcp -> 0.0.0.0:{port}\n", Ok("port", Ok("pod", "inspect", "--format", "{{.InfraContainerID}}", "tutorial-pod").Stdout.Trim()).Stdout);
            Assert.Equal("dbdata\n", Ok("inspect", "--format", "{{range .Mounts}}{{.Name}}{{end}}", "tutorial-db").Stdout);
            Assert.Equal("webdata\n", Ok("inspect", "--format", "{{range .Mounts}}{{.Name}}{{end}}", "tutorial-web").Stdout);

            // redis writes its append-only file on SIGTERM; the counter and the web's log survive in the volumes.
            Ok("pod", "stop", "tutorial-pod");
            Ok("pod", "start", "tutorial-pod");
            Assert.Equal("hits=3 logged=3\n", await HitsAsync(port));
        }
        finally
        {
            Berth("pod", "rm", "-f", "-t", "0", "tutorial-pod");
            Berth("volume", "rm", "-f", "dbdata", "webdata");
        }
    }

    /// <summary>
    /// The two images, built from the same Debian base with <c>berth build</c>: each Containerfile installs its packages
    /// offline from the cached .deb files (a bind mount of the context's <c>debs/</c> for the RUN step).
    /// </summary>
    private void BuildImages()
    {
        Ok("import", DebianBase.RootfsTar(), "localhost/debian-base:bookworm");
        var db = Context("db", DebianBase.Packages("tutorial-db", "redis-server"), """
            ARG BASE=localhost/debian-base:bookworm
            FROM $BASE
            LABEL description="tutorial database"
            RUN --mount=type=bind,source=debs,target=/debs dpkg -i /debs/*.deb
            VOLUME /data
            CMD ["redis-server", "--bind", "127.0.0.1", "--port", "6379", "--appendonly", "yes", "--dir", "/data"]
            """);
        var web = Context("web", DebianBase.Packages("tutorial-web", "busybox", "redis-tools"), """
            ARG BASE=localhost/debian-base:bookworm
            FROM $BASE
            LABEL description="tutorial web application"
            EXPOSE 8080
            ENV WEB_ROOT=/var/www
            RUN --mount=type=bind,source=debs,target=/debs dpkg -i /debs/*.deb && mkdir -p $WEB_ROOT/cgi-bin /srv/webdata
            WORKDIR /var/www
            VOLUME /srv/webdata
            COPY --chmod=755 hits cgi-bin/hits
            CMD ["busybox", "httpd", "-f", "-p", "8080", "-h", "/var/www"]
            """);
        File.WriteAllText(Path.Combine(web, "hits"), HitsCgi.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        Ok("build", "-t", DbImage, db);
        Ok("build", "-t", WebImage, web);
    }

    /// <summary>A build context with a Containerfile and the packages' .deb files in <c>debs/</c>.</summary>
    private string Context(string name, string debs, string containerfile)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_setup, name)).FullName;
        Directory.CreateDirectory(Path.Combine(dir, "debs"));
        foreach (var deb in Directory.GetFiles(debs, "*.deb"))
        {
            File.Copy(deb, Path.Combine(dir, "debs", Path.GetFileName(deb)));
        }

        File.WriteAllText(Path.Combine(dir, "Containerfile"), containerfile + "\n");
        return dir;
    }

    /// <summary>One request to the web application, retried while the servers start.</summary>
    private static async Task<string> HitsAsync(int port)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var last = "";
        for (var attempt = 0; attempt < 60; attempt++)
        {
            try
            {
                last = await client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/cgi-bin/hits"));
                if (Answer().IsMatch(last))
                {
                    return last;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }

            await Task.Delay(250);
        }

        return last;
    }
}
