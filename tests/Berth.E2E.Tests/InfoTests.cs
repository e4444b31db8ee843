using System.Text.Json;

namespace Berth.E2E.Tests;

public class InfoTests
{
    private static bool IsRoot => Environment.UserName == "root";

    private static string ExpectedRuntime =>
        File.Exists("/sys/fs/cgroup/cgroup.controllers") && (File.Exists("/usr/bin/crun") || File.Exists("/usr/local/bin/crun")) ? "crun" : "runc";

    [Fact]
    public void Info_RuntimeNameTemplate_NamesTheRuntimeForThisHost()
    {
        var r = BerthRunner.Run("info", "--format", "{{.Host.OCIRuntime.Name}}");
        Assert.Equal("", r.Stderr);
        Assert.Equal(ExpectedRuntime + "\n", r.Stdout);
        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public void Info_Json_HasPodmansShapeAndRealPaths()
    {
        var r = BerthRunner.Run("info", "--format", "json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var host = doc.RootElement.GetProperty("host");
        Assert.True(File.Exists(host.GetProperty("ociRuntime").GetProperty("path").GetString()));
        Assert.True(File.Exists(host.GetProperty("conmon").GetProperty("path").GetString()));
        Assert.StartsWith("runc version", BerthRunner.Run("info", "--runtime", "runc", "--format", "{{.Host.OCIRuntime.Version}}").Stdout, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), host.GetProperty("kernel").GetString());
        Assert.Equal(Environment.ProcessorCount, host.GetProperty("cpus").GetInt32());
        Assert.Equal(IsRoot, !host.GetProperty("security").GetProperty("rootless").GetBoolean());
        var store = doc.RootElement.GetProperty("store");
        if (IsRoot)
        {
            Assert.Equal("/var/lib/berth/storage", store.GetProperty("graphRoot").GetString());
            Assert.Equal("/run/berth", store.GetProperty("runRoot").GetString());
        }

        foreach (var key in new[] { "host", "store", "registries", "plugins", "version" })
        {
            Assert.True(doc.RootElement.TryGetProperty(key, out _), key);
        }
    }

    [Fact]
    public void Info_DefaultOutput_IsSortedYaml()
    {
        var r = BerthRunner.Run("info");
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("host:\n  arch: ", r.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^store:\n  configFile: ", r.Stdout);
        Assert.Matches(@"(?m)^  cgroupControllers:\n  - \w+", r.Stdout);
        Assert.Matches(@"(?m)^version:\n  APIVersion: ", r.Stdout);
    }

    [Fact]
    public void Info_GlobalStorageFlags_OverrideTheStore()
    {
        using var dir = new TempDir();
        var r = BerthRunner.Run("--root", dir.Path + "/root", "--runroot", dir.Path + "/run", "--storage-driver", "vfs",
            "info", "--format", "{{.Store.GraphRoot}}|{{.Store.RunRoot}}|{{.Store.GraphDriverName}}|{{.Store.VolumePath}}");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal($"{dir.Path}/root|{dir.Path}/run|vfs|{dir.Path}/root/volumes\n", r.Stdout);
        Assert.False(Directory.Exists(dir.Path + "/root"), "info must not create the store");
    }

    [Fact]
    public void Info_StorageConfNamedByEnvironment_IsObeyed()
    {
        using var dir = new TempDir();
        var conf = dir.Write("storage.conf", $"[storage]\ndriver = \"vfs\"\ngraphroot = \"{dir.Path}/g\"\nrunroot = \"{dir.Path}/r\"\n");
        var r = BerthRunner.RunWithEnv(new Dictionary<string, string?> { ["CONTAINERS_STORAGE_CONF"] = conf },
            "info", "--format", "{{.Store.GraphRoot}} {{.Store.RunRoot}} {{.Store.GraphDriverName}} {{.Store.ConfigFile}}");
        Assert.Equal($"{dir.Path}/g {dir.Path}/r vfs {conf}\n", r.Stdout);
    }

    [Fact]
    public void Info_RegistriesConfFromEnvironment_ShowsSearchList()
    {
        using var dir = new TempDir();
        var conf = dir.Write("registries.conf", "unqualified-search-registries = [\"registry.example:5000\", \"quay.io\"]\n");
        var r = BerthRunner.RunWithEnv(new Dictionary<string, string?> { ["CONTAINERS_REGISTRIES_CONF"] = conf },
            "info", "--format", "{{.Registries.search}}");
        Assert.Equal("[registry.example:5000 quay.io]\n", r.Stdout);
    }

    [Fact]
    public void Info_ContainersConfRuntime_IsUsed()
    {
        using var dir = new TempDir();
        var conf = dir.Write("containers.conf", "[engine]\nruntime = \"runc\"\ncgroup_manager = \"cgroupfs\"\n");
        var r = BerthRunner.RunWithEnv(new Dictionary<string, string?> { ["CONTAINERS_CONF"] = conf },
            "info", "--format", "{{.Host.OCIRuntime.Name}} {{.Host.CgroupManager}}");
        Assert.Equal("runc cgroupfs\n", r.Stdout);
    }

    [Fact]
    public void Info_MalformedContainersConf_ErrorNamesFileAndLine()
    {
        using var dir = new TempDir();
        var conf = dir.Write("containers.conf", "[engine]\nruntime = \n");
        var r = BerthRunner.RunWithEnv(new Dictionary<string, string?> { ["CONTAINERS_CONF"] = conf }, "info");
        Assert.Equal(125, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.StartsWith("Error: ", r.Stderr, StringComparison.Ordinal);
        Assert.Contains(conf + ":2", r.Stderr, StringComparison.Ordinal);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Info_WrongTypeInContainersConf_ErrorNamesKeyFileAndLine()
    {
        using var dir = new TempDir();
        var conf = dir.Write("containers.conf", "[containers]\n\npids_limit = \"many\"\n");
        var r = BerthRunner.RunWithEnv(new Dictionary<string, string?> { ["CONTAINERS_CONF"] = conf }, "info");
        Assert.Equal(125, r.ExitCode);
        Assert.Contains(conf + ":3", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("pids_limit", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Info_UnknownTemplateField_GivesGoErrorAndExit125()
    {
        var r = BerthRunner.Run("info", "--format", "{{.Host.Nope}}");
        Assert.Equal(125, r.ExitCode);
        Assert.Equal("Error: template: info:1:7: executing \"info\" at <.Host.Nope>: can't evaluate field Nope in type *define.HostInfo\n", r.Stderr);
    }

    [Fact]
    public void Info_MissingRuntime_ClearError()
    {
        var r = BerthRunner.Run("--runtime", "/nonexistent/runc", "info");
        Assert.Equal(125, r.ExitCode);
        Assert.StartsWith("Error: OCI runtime /nonexistent/runc", r.Stderr, StringComparison.Ordinal);
    }
}
