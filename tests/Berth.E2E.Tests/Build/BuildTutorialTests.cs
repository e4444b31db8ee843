using Berth.E2E.Tests.Containers;
using Berth.E2E.Tests.Networks;
using Berth.TestSupport;

namespace Berth.E2E.Tests.Build;

/// <summary>
/// Issue 8's tutorial web server: a Containerfile with ARG, FROM with a variable, LABEL, EXPOSE, ENV, a RUN installing a
/// web server (busybox from the cached Debian packages, offline), WORKDIR, VOLUME, COPY and CMD, built on the local
/// Debian base and served on a published port.
/// </summary>
public sealed class BuildTutorialTests : IClassFixture<ContainerStoreFixture>, IDisposable
{
    private readonly ContainerStoreFixture _f;
    private readonly string _context = Directory.CreateTempSubdirectory("berth-build-tutorial-").FullName;

    public BuildTutorialTests(ContainerStoreFixture fixture) => _f = fixture;

    public void Dispose() => Directory.Delete(_context, recursive: true);

    private RunResult Ok(params string[] args)
    {
        var r = _f.Berth(args);
        Assert.True(r.ExitCode == 0, $"berth {string.Join(' ', args)}: exit {r.ExitCode}: {r.Stderr}\n{r.Stdout}");
        return r;
    }

    [Fact]
    public async Task Tutorial_WebServerContainerfile_BuildsAndServesOnAPublishedPort()
    {
        Ok("import", DebianBase.RootfsTar(), "localhost/debian-base:bookworm");
        Directory.CreateDirectory(Path.Combine(_context, "debs"));
        foreach (var deb in Directory.GetFiles(DebianBase.Packages("tutorial-httpd", "busybox"), "*.deb"))
        {
            File.Copy(deb, Path.Combine(_context, "debs", Path.GetFileName(deb)));
        }

        File.WriteAllText(Path.Combine(_context, "index.html"), "<h1>Hello from a Berth build</h1>\n");
        File.WriteAllText(Path.Combine(_context, ".containerignore"), "debs/\n");
        File.WriteAllText(Path.Combine(_context, "Containerfile"), """
            ARG BASE=localhost/debian-base:bookworm
            FROM $BASE
            LABEL maintainer="tutorial@example.com" description="a web server built by berth"
            EXPOSE 8080
            ENV PORT=8080 \
                WEB_ROOT=/var/www/html
            RUN --mount=type=bind,source=debs,target=/debs dpkg -i /debs/*.deb && \
                mkdir -p $WEB_ROOT
            WORKDIR /var/www/html
            VOLUME /var/www/html
            COPY index.html .
            CMD ["sh", "-c", "exec busybox httpd -f -p $PORT -h $WEB_ROOT"]

            """);

        var build = Ok("build", "-t", "tutorial-httpd", _context);

        Assert.Contains("STEP 9/9: CMD", build.Stdout, StringComparison.Ordinal);
        Assert.Contains("Successfully tagged localhost/tutorial-httpd:latest\n", build.Stdout, StringComparison.Ordinal);
        // The ignore file kept the packages out of the image; the bind mount brought them to RUN only.
        Assert.NotEqual(0, _f.Berth("run", "--rm", "tutorial-httpd", "ls", "/debs").ExitCode);
        Assert.Equal("8080/tcp\n", Ok("image", "inspect", "--format", "{{range $k, $v := .Config.ExposedPorts}}{{$k}}{{end}}", "tutorial-httpd").Stdout);

        var port = TestNetworks.FreePort();
        Ok("run", "-d", "--name", "tutorial-httpd", "--stop-signal", "KILL", "-p", $"{port}:8080", "tutorial-httpd");
        try
        {
            Assert.Equal("<h1>Hello from a Berth build</h1>\n", await GetAsync(port));
        }
        finally
        {
            _f.Berth("rm", "-f", "-t", "0", "-v", "tutorial-httpd");
        }
    }

    private static async Task<string> GetAsync(int port)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var last = "";
        for (var attempt = 0; attempt < 60; attempt++)
        {
            try
            {
                return await client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/index.html"));
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
