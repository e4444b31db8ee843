using System.Diagnostics;
using Berth.Oci;
using Berth.Runtime.Files;
using Berth.Runtime.Spec;

namespace Berth.Build.Builders;

/// <summary>What one RUN (or <c>buildah run</c>) executes in a builder.</summary>
public sealed record BuilderRunRequest
{
    /// <summary>The whole argv (a shell-form command already wrapped in the SHELL).</summary>
    public required IReadOnlyList<string> Args { get; init; }

    /// <summary>Variables set over the image's (build args in use, <c>--env</c>), "KEY=value".</summary>
    public IReadOnlyList<string> Env { get; init; } = [];

    /// <summary>null = the image config's.</summary>
    public string? User { get; init; }

    /// <summary>null = the image config's; created when missing.</summary>
    public string? WorkingDir { get; init; }

    /// <summary>The network: the default network unless set.</summary>
    public RunNetwork Network { get; init; } = RunNetwork.Default;

    /// <summary>DNS and hosts flags (<c>--dns</c>, <c>--add-host</c>, <c>--no-hosts</c>, …).</summary>
    public RunNetworkFiles NetworkFiles { get; init; } = new();

    /// <summary>Extra mounts (<c>RUN --mount</c>, <c>-v</c>) in spec form.</summary>
    public IReadOnlyList<RuntimeMount> Mounts { get; init; } = [];

    /// <summary>Where the command's output goes; null = this process's own stdout/stderr.</summary>
    public Stream? Output { get; init; }

    /// <summary>The resource, security, namespace and device flags of the RUN container, and the runtime's global flags.</summary>
    public RunContainerOptions Container { get; init; } = RunContainerOptions.Default;
}

public sealed partial class BuilderService
{
    /// <summary>
    /// Runs a command in the builder's root file system under the OCI runtime (<c>runc run</c>, no conmon: the build
    /// waits for it, like buildah) and returns its exit code. On a bridge network the container is attached through the
    /// engine first and detached on every way out. /etc/hosts, /etc/resolv.conf and /etc/hostname are bind mounts of
    /// generated files; those the image lacked are removed again, so they never end up in a layer.
    /// </summary>
    public async Task<int> RunAsync(BuilderState state, BuilderRunRequest request, CancellationToken cancellationToken)
    {
        var rootfs = Mount(state);
        var bundle = Path.Combine(host.RunRoot, "build", state.Id);
        Directory.CreateDirectory(bundle);
        var created = new List<string>();
        try
        {
            var network = request.Network;
            await using var attached = network.Kind == RunNetworkKind.Bridge
                ? await host.AttachNetworkAsync(new BuildNetworkRequest { ContainerId = state.Id, ContainerName = state.Name, Networks = network.Networks }, cancellationToken).ConfigureAwait(false)
                : null;
            var config = state.Config;
            var hostname = state.Id[..12];
            var hostNetwork = network.Kind == RunNetworkKind.Host;
            var files = WriteNetworkFiles(bundle, rootfs, state, network, attached, request.NetworkFiles);
            string?[] targets = [files.Hosts is null ? null : "/etc/hosts", files.ResolvConf is null ? null : "/etc/resolv.conf", "/etc/hostname", "/run/.containerenv"];
            foreach (var target in request.Mounts.Select(m => m.Destination).Concat(targets.OfType<string>()))
            {
                if (FirstMissing(rootfs, target) is { } missing && !created.Contains(missing))
                {
                    created.Add(missing);
                }
            }

            var input = host.SpecTemplate(state.Id, rootfs, config) with
            {
                Command = request.Args,
                Entrypoint = [],
                Env = request.Env,
                User = request.User,
                WorkingDir = string.IsNullOrEmpty(request.WorkingDir) ? null : request.WorkingDir,
                Hostname = hostname,
                HostNetwork = hostNetwork,
                NetworkNamespacePath = attached?.NetNsPath ?? network.NamespacePath,
                Files = files,
                UserMounts = request.Mounts,
            };
            var spec = request.Container.Generate(input);
            await File.WriteAllBytesAsync(Path.Combine(bundle, "config.json"), RuntimeJsonContext.Serialize(spec), cancellationToken).ConfigureAwait(false);

            return await RunRuntimeAsync(state.Id, bundle, request.Container.RuntimeFlags, request.Output, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var target in created.OrderByDescending(t => t.Length))
            {
                RemoveMountTarget(target);
            }

            Directory.Delete(bundle, recursive: true);
        }
    }

    private async Task<int> RunRuntimeAsync(string id, string bundle, IReadOnlyList<string> runtimeFlags, Stream? output, CancellationToken cancellationToken)
    {
        var runtimeRoot = Path.Combine(host.RunRoot, "build-runtime");
        var start = new ProcessStartInfo(host.RuntimePath)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = output is not null,
            RedirectStandardError = output is not null,
        };
        foreach (var a in (IEnumerable<string>)[.. runtimeFlags, "--root", runtimeRoot, "run", "--bundle", bundle, id])
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw BerthException.Unavailable($"cannot start the OCI runtime {host.RuntimePath}");
        process.StandardInput.Close();
        Task copy = Task.CompletedTask;
        if (output is not null)
        {
            copy = Task.WhenAll(
                process.StandardOutput.BaseStream.CopyToAsync(output, CancellationToken.None),
                process.StandardError.BaseStream.CopyToAsync(output, CancellationToken.None));
        }

        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            using var kill = Process.Start(new ProcessStartInfo(host.RuntimePath, ["--root", runtimeRoot, "kill", id, "KILL"]) { UseShellExecute = false });
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        finally
        {
            await copy.ConfigureAwait(false);
        }

        return process.ExitCode;
    }

    /// <summary>
    /// hosts, resolv.conf and hostname for a build container, beside the bundle, as podman 4.3.1's build writes them:
    /// without a network neither hosts nor resolv.conf (the image's stay); hosts = <c>--add-host</c> entries, the base
    /// file, localhost, host.containers.internal and, on a bridge, the container's addresses with its hostname and name;
    /// resolv.conf = the host's (or the joined namespace's) with containers.conf's and the flags' servers, searches and
    /// options.
    /// </summary>
    private ContainerFiles WriteNetworkFiles(string bundle, string rootfs, BuilderState state, RunNetwork network, BuildNetworkAttachment? attached, RunNetworkFiles options)
    {
        var hostname = state.Id[..12];
        var name = Path.Combine(bundle, "hostname");
        File.WriteAllText(name, HostnameFile.Build(hostname) + "\n");
        if (network.Kind == RunNetworkKind.None)
        {
            return new ContainerFiles { Hostname = name };
        }

        var defaults = host.NetworkDefaults;
        string? hosts = null;
        if (!options.NoHosts)
        {
            hosts = Path.Combine(bundle, "hosts");
            File.WriteAllText(hosts, HostsFile.Build(new HostsInput
            {
                BaseContent = HostsFile.ReadBase(defaults.BaseHostsFile, rootfs),
                ExtraHosts = options.AddHosts,
                Hostname = hostname,
                Name = state.Name,
                ContainerIps = attached?.ContainerIps ?? [],
                HostContainersInternalIp = defaults.HostContainersInternalIp,
            }));
        }

        string? resolv = null;
        if (!options.NoResolvConf)
        {
            var hostNetwork = network.Kind == RunNetworkKind.Host;
            resolv = Path.Combine(bundle, "resolv.conf");
            File.WriteAllText(resolv, ResolvConfFile.Build(new ResolvConfInput
            {
                HostContent = ResolvConfFile.ReadHost(hostNetwork, network.NamespacePath),
                HostNetwork = hostNetwork,
                Nameservers = [.. defaults.DnsServers, .. options.DnsServers],
                Searches = [.. defaults.DnsSearches, .. options.DnsSearch],
                Options = [.. defaults.DnsOptions, .. options.DnsOptions],
                Ipv6Enabled = attached?.ContainerIps.Any(ip => ip.Contains(':', StringComparison.Ordinal)) ?? false,
            }));
        }

        return new ContainerFiles { Hosts = hosts, ResolvConf = resolv, Hostname = name };
    }

    /// <summary>
    /// The first component of <paramref name="target"/> missing in the rootfs (what the runtime will create as a mount
    /// point), as a host path; null when it exists or a component is a symbolic link (then nothing is cleaned up there).
    /// </summary>
    private static string? FirstMissing(string rootfs, string target)
    {
        var path = rootfs;
        foreach (var part in target.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part is "." or "..")
            {
                return null;
            }

            path = Path.Combine(path, part);
            var info = new FileInfo(path);
            if (!info.Exists && !Directory.Exists(path) && info.LinkTarget is null)
            {
                return path;
            }

            if (info.LinkTarget is not null || new DirectoryInfo(path).LinkTarget is not null)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Removes a mount point the runtime created: an empty file, or a directory tree holding only empty
    /// mount points (never follows a link).</summary>
    private static void RemoveMountTarget(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.LinkTarget is null && info.Length == 0)
            {
                info.Delete();
            }
            else if (Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null)
            {
                foreach (var child in Directory.EnumerateFileSystemEntries(path).OrderByDescending(c => c.Length))
                {
                    RemoveMountTarget(child);
                }

                if (!Directory.EnumerateFileSystemEntries(path).Any())
                {
                    Directory.Delete(path);
                }
            }
        }
        catch (IOException)
        {
            // A mount point that is busy or changed stays; it is harmless in the layer.
        }
    }
}
