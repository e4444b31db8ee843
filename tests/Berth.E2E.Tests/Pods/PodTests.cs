using System.Text.Json;
using Berth.E2E.Tests.Containers;
using Berth.E2E.Tests.Networks;

namespace Berth.E2E.Tests.Pods;

/// <summary>
/// Pods against real conmon/runc in a private store: the tutorial's web server pod reached through the pod's published
/// port, two containers of one pod talking over localhost, the lifecycle (stop, start, rm -f) and podman's refusals,
/// each leaving nothing behind.
/// </summary>
public sealed class PodTests : IClassFixture<ContainerStoreFixture>
{
    private const string Hello = "Hello from the pod";
    private readonly ContainerStoreFixture _f;

    public PodTests(ContainerStoreFixture fixture) => _f = fixture;

    private RunResult Berth(params string[] args) => _f.Berth(args);

    private RunResult Ok(params string[] args)
    {
        var r = Berth(args);
        Assert.True(r.ExitCode == 0, $"berth {string.Join(' ', args)}: exit {r.ExitCode}: {r.Stderr}");
        return r;
    }

    private string ContainerNames() => string.Join(",", Ok("ps", "-a", "--format", "{{.Names}}").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));

    private string PodNames() => string.Join(",", Ok("pod", "ls", "--format", "{{.Name}}").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));

    [Fact]
    public async Task Tutorial_HttpdPod_ServesThePageOnThePodsPort_ThenStopStartRemove()
    {
        var port = TestNetworks.FreePort();
        var podId = Ok("pod", "create", "--name", "test-httpd-pod", "-p", $"{port}:8080").Stdout.Trim();
        Assert.Matches("^[0-9a-f]{64}$", podId);
        try
        {
            var infra = Ok("pod", "inspect", "--format", "{{.InfraContainerID}}", "test-httpd-pod").Stdout.Trim();
            Assert.Equal($"{podId[..12]}-infra", Ok("inspect", "--format", "{{.Name}}", infra).Stdout.Trim());
            Assert.Contains($"localhost/berth-pause:", Ok("images", "--format", "{{.Repository}}:{{.Tag}}").Stdout, StringComparison.Ordinal);
            Assert.Equal("Created 1\n", Ok("pod", "ls", "--format", "{{.Status}} {{.NumberOfContainers}}").Stdout);

            Ok("run", "--rm", "-v", "htdocs:/var/www/html", "box", "sh", "-c", $"echo {Hello} > /var/www/html/index.html");
            Ok("run", "-d", "--name", "test-httpd", "--pod", "test-httpd-pod", "-v", "htdocs:/var/www/html", "box", "httpd", "-f", "-p", "8080", "-h", "/var/www/html");
            Assert.Equal(Hello + "\n", await FetchAsync(port));
            Assert.Equal("Running 2\n", Ok("pod", "ls", "--format", "{{.Status}} {{.NumberOfContainers}}").Stdout);
            Assert.Equal("test-httpd-pod\n", Ok("exec", "test-httpd", "hostname").Stdout);
            Assert.Equal($"container:{infra}\n", Ok("inspect", "--format", "{{.HostConfig.NetworkMode}}", "test-httpd").Stdout);

            // The infra container goes only with its pod; a running pod only with -f.
            var rmInfra = Berth("rm", "-f", infra);
            Assert.Equal(125, rmInfra.ExitCode);
            Assert.Equal($"Error: container {infra} is the infra container of pod {podId} and cannot be removed without removing the pod\n", rmInfra.Stderr);
            var rm = Berth("pod", "rm", "test-httpd-pod");
            Assert.Equal(125, rm.ExitCode);
            Assert.StartsWith("Error: 2 errors occurred:\n\t* removing container ", rm.Stderr, StringComparison.Ordinal);
            Assert.Equal("infra,test-httpd", ContainerNames().Replace($"{podId[..12]}-", "", StringComparison.Ordinal));

            Assert.Equal(podId + "\n", Ok("pod", "stop", "-t", "0", "test-httpd-pod").Stdout);
            Assert.Equal("Exited\n", Ok("pod", "ls", "--format", "{{.Status}}").Stdout);
            Assert.Equal(podId + "\n", Ok("pod", "start", "test-httpd-pod").Stdout);
            Assert.Equal("running,running\n", Ok("pod", "ls", "--ctr-status", "--format", "{{.ContainerStatuses}}").Stdout);
            Assert.Equal(Hello + "\n", await FetchAsync(port));

            Assert.Equal(podId + "\n", Ok("pod", "rm", "-f", "-t", "0", "test-httpd-pod").Stdout);
            Assert.Equal("", ContainerNames());
            Assert.Equal("", PodNames());
            Assert.Equal(1, Berth("pod", "exists", "test-httpd-pod").ExitCode);

            // The tutorial's backup: the volume outlives the pod and exports to a tar holding the page.
            var backup = Path.Combine(_f.Dir.Path, "htdocs-backup.tar");
            Ok("volume", "export", "htdocs", "-o", backup);
            using var tar = new System.Formats.Tar.TarReader(File.OpenRead(backup));
            var names = new List<string>();
            while (tar.GetNextEntry() is { } entry)
            {
                names.Add(entry.Name);
            }

            Assert.Contains(names, n => n.TrimStart('.', '/') == "index.html");
        }
        finally
        {
            Berth("pod", "rm", "-f", "-t", "0", "test-httpd-pod");
            Berth("volume", "rm", "-f", "htdocs");
        }
    }

    [Fact]
    public void TwoContainers_InOnePod_TalkOverLocalhost()
    {
        Ok("pod", "create", "--name", "talk", "--network", "none");
        try
        {
            Ok("run", "-d", "--pod", "talk", "--name", "talk-server", "box", "sh", "-c", "mkdir -p /w && echo pong > /w/index.html && exec httpd -f -p 8081 -h /w");
            var reply = "";
            Assert.True(ContainerStoreFixture.Eventually(() =>
            {
                reply = Berth("run", "--rm", "--pod", "talk", "box", "sh", "-c", "printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc 127.0.0.1 8081").Stdout;
                return reply.Contains("pong", StringComparison.Ordinal);
            }), "no answer over localhost: " + reply);

            // The pod's UTS namespace: every member has the pod's name as hostname.
            Assert.Equal("talk\n", Ok("run", "--rm", "--pod", "talk", "box", "hostname").Stdout);

            // ps --pod: the pod's short ID and name for the members and the infra container; --filter pod= by name or ID.
            var podId = Ok("pod", "inspect", "--format", "{{.ID}}", "talk").Stdout.Trim();
            var rows = Ok("ps", "-a", "--pod", "--filter", "pod=talk", "--format", "{{.Names}} {{.Pod}} {{.PodName}} {{.IsInfra}}").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
            Assert.Equal([$"{podId[..12]}-infra {podId[..12]} talk true", $"talk-server {podId[..12]} talk false"], rows);
            Assert.Equal(2, Ok("ps", "-a", "-q", "--filter", $"pod={podId[..10]}").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.Equal("", Ok("ps", "-a", "-q", "--filter", "pod=no-such-pod").Stdout);
            var table = Ok("ps", "--pod", "--filter", "name=talk-server").Stdout.Split('\n')[0];
            Assert.Matches("NAMES +POD ID +PODNAME$", table);
        }
        finally
        {
            Berth("pod", "rm", "-f", "-t", "0", "talk");
        }
    }

    [Fact]
    public void BadInput_PodmansErrors_NothingLeftBehind()
    {
        var unknown = Berth("run", "--rm", "--pod", "nope", "box", "true");
        Assert.Equal((125, "Error: no pod with name or ID nope found: no such pod\n"), (unknown.ExitCode, unknown.Stderr));
        var rmUnknown = Berth("pod", "rm", "nope");
        Assert.Equal((1, "Error: no pod with name or ID nope found: no such pod\n"), (rmUnknown.ExitCode, rmUnknown.Stderr));

        Ok("pod", "create", "--name", "busy", "--network", "none");
        try
        {
            var before = ContainerNames();
            var dup = Berth("pod", "create", "--name", "busy");
            Assert.Equal((125, "Error: adding pod to state: name \"busy\" is in use: pod already exists\n"), (dup.ExitCode, dup.Stderr));
            var ports = Berth("run", "--pod", "busy", "-p", "8080:80", "box", "true");
            Assert.Equal((125, "Error: invalid config provided: published or exposed ports must be defined when the pod is created: network cannot be configured when it is shared with a pod\n"), (ports.ExitCode, ports.Stderr));
            var hostname = Berth("create", "--pod", "busy", "--hostname", "x", "box", "true");
            Assert.Equal((125, "Error: invalid config provided: cannot set hostname when joining the pod UTS namespace: invalid configuration\n"), (hostname.ExitCode, hostname.Stderr));
            var newExisting = Berth("create", "--pod", "new:busy", "box", "true");
            Assert.Equal((125, "Error: adding pod to state: name \"busy\" is in use: pod already exists\n"), (newExisting.ExitCode, newExisting.Stderr));
            var policy = Berth("pod", "create", "--exit-policy", "foo");
            Assert.Equal((125, "Error: running pod create option: invalid pod exit policy: \"foo\"\n"), (policy.ExitCode, policy.Stderr));
            var share = Berth("pod", "create", "--share", "foo");
            Assert.Equal((125, "Error: invalid kernel namespace to share: foo. Options are: cgroup, ipc, net, pid, uts or none\n"), (share.ExitCode, share.Stderr));
            var noInfra = Berth("pod", "create", "--infra=false", "-p", "80:80");
            Assert.Equal((125, "Error: you must have an infra container to publish port bindings to the host\n"), (noInfra.ExitCode, noInfra.Stderr));
            Assert.Equal(before, ContainerNames());
            Assert.Equal("busy", PodNames());

            // A running pod is removed only with -f, and a refused rm changes nothing.
            Ok("run", "-d", "--pod", "busy", "--name", "busy-sleeper", "box", "sleep", "1000");
            var running = Berth("pod", "rm", "busy");
            Assert.Equal(125, running.ExitCode);
            Assert.Contains("cannot remove container", running.Stderr, StringComparison.Ordinal);
            Assert.Equal("Running\n", Ok("pod", "ls", "--format", "{{.Status}}").Stdout);
            Assert.Contains("busy-sleeper", ContainerNames(), StringComparison.Ordinal);
        }
        finally
        {
            Berth("pod", "rm", "-f", "-t", "0", "busy");
        }

        Assert.Equal("", ContainerNames());
        Assert.Equal("", PodNames());
    }

    [Fact]
    public void NewPod_FromRun_JoinsIt_AndInspectHasPodmansShape()
    {
        try
        {
            Assert.Equal("fresh\n", Ok("run", "--rm", "--pod", "new:fresh", "--network", "none", "box", "hostname").Stdout);
            using var doc = JsonDocument.Parse(Ok("pod", "inspect", "fresh").Stdout);
            var pod = Assert.Single(doc.RootElement.EnumerateArray());
            Assert.Equal("fresh", pod.GetProperty("Name").GetString());
            Assert.Equal("continue", pod.GetProperty("ExitPolicy").GetString());
            Assert.Equal(new[] { "ipc", "net", "uts" }, pod.GetProperty("SharedNamespaces").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(1, pod.GetProperty("NumContainers").GetInt32());
            Assert.Equal(pod.GetProperty("InfraContainerID").GetString(), Assert.Single(pod.GetProperty("Containers").EnumerateArray()).GetProperty("Id").GetString());
        }
        finally
        {
            Berth("pod", "rm", "-f", "-t", "0", "fresh");
        }
    }

    private static async Task<string> FetchAsync(int port)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/index.html"));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && attempt < 20)
            {
                await Task.Delay(250);
            }
        }
    }
}
