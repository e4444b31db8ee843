using Berth.Cli.CommandLine;
using Berth.Cli.Output;
using Berth.Engine.Containers;
using Berth.Engine.Pods;
using Berth.Network.Ports;
using Berth.Runtime.Spec;
using Berth.Templates;

namespace Berth.Cli.Commands;

/// <summary>podman 4.3.1's pod commands: flags to <see cref="PodService"/> calls, podman's output and exit codes.</summary>
public static partial class PodActions
{
    private static PodService Open(Invocation invocation) => new(ContainerActions.Open(invocation));

    public static async Task<int> CreateAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var name = o.Changed("name") ? o.GetString("name") : null;
        if (invocation.Arguments.Count > 0)
        {
            name = invocation.Arguments[0];
        }

        var share = o.GetString("share") ?? "";
        var request = new PodCreateRequest
        {
            Name = string.IsNullOrEmpty(name) ? null : name,
            Replace = o.GetBool("replace"),
            CreateCommand = ["podman", .. Environment.GetCommandLineArgs().Skip(1)],
            Labels = CreateFlags.ParseLabels(o.GetStrings("label-file"), o.GetStrings("label")),
            Share = !o.Changed("share") ? PodService.DefaultShare : PodService.ShareMeansNoInfra(share) ? [] : PodService.ParseShare(share),
            Infra = o.GetBool("infra") && !(o.Changed("share") && PodService.ShareMeansNoInfra(share)),
            ShareParent = o.GetBool("share-parent"),
            CgroupParent = o.GetString("cgroup-parent") is { Length: > 0 } cgroupParent ? cgroupParent : null,
            Resources = ResourcesOf(o),
            InfraName = o.Changed("infra-name") ? o.GetString("infra-name") : null,
            InfraImage = o.Changed("infra-image") ? o.GetString("infra-image") : null,
            InfraCommand = o.Changed("infra-command") && o.GetString("infra-command") is { Length: > 0 } command ? [command] : null,
            ExitPolicy = PodService.ParseExitPolicy(o.GetString("exit-policy") ?? "continue"),
            Hostname = o.GetString("hostname") ?? "",
            PortMappings = PortMappingMerger.Merge(PortPublishParser.Parse(o.GetStrings("publish")), null),
            Network = new NetworkRequest
            {
                Networks = o.GetStrings("network"),
                Aliases = o.GetStrings("network-alias"),
                Ip = o.GetString("ip") is { Length: > 0 } ip ? ip : null,
                Ip6 = o.GetString("ip6") is { Length: > 0 } ip6 ? ip6 : null,
                Mac = o.GetString("mac-address") is { Length: > 0 } mac ? mac : null,
            },
            InfraSettings = InfraSettingsOf(o),
        };
        var service = Open(invocation);
        using var containers = service.Containers;
        var pod = await service.CreateAsync(request, cancellationToken).ConfigureAwait(false);
        if (o.GetString("pod-id-file") is { Length: > 0 } idFile)
        {
            await File.WriteAllTextAsync(idFile, pod.Id, cancellationToken).ConfigureAwait(false);
        }

        invocation.Out.WriteLine(pod.Id);
        return 0;
    }

    /// <summary>The pod create flags podman hands to the infra container: -v, --volumes-from, DNS and hosts entries.</summary>
    private static PodInfraSettings InfraSettingsOf(ParsedOptions o)
    {
        var files = ContainerActions.NetworkFilesOf(o);
        return new PodInfraSettings
        {
            Mounts = Berth.Engine.Containers.Mounts.MountFlagParser.Parse(new Berth.Engine.Containers.Mounts.MountFlags { Volumes = o.GetStrings("volume") }),
            VolumesFrom = o.GetStrings("volumes-from"),
            DnsServers = files.Dns,
            DnsSearch = files.DnsSearch,
            DnsOptions = files.DnsOptions,
            AddHosts = files.AddHosts,
            NoHosts = files.NoHosts,
        };
    }

    public static Task<int> StartAsync(Invocation invocation, CancellationToken cancellationToken) =>
        EachAsync(invocation, (s, p, ct) => s.StartAsync(p, ct), cancellationToken);

    public static Task<int> StopAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        uint? timeout = invocation.Options.Changed("time") ? (uint)invocation.Options.GetInt("time") : null;
        return EachAsync(invocation, (s, p, ct) => s.StopAsync(p, timeout, ct), cancellationToken);
    }

    public static Task<int> RestartAsync(Invocation invocation, CancellationToken cancellationToken) =>
        EachAsync(invocation, (s, p, ct) => s.RestartAsync(p, ct), cancellationToken);

    public static Task<int> KillAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var signal = Signals.Parse(invocation.Options.GetString("signal") ?? "KILL");
        return EachAsync(invocation, (s, p, ct) => s.KillAsync(p, signal, ct), cancellationToken);
    }

    public static Task<int> PauseAsync(Invocation invocation, CancellationToken cancellationToken) =>
        EachAsync(invocation, (s, p, ct) => s.PauseAsync(p, ct), cancellationToken);

    public static Task<int> UnpauseAsync(Invocation invocation, CancellationToken cancellationToken) =>
        EachAsync(invocation, (s, p, ct) => s.UnpauseAsync(p, ct), cancellationToken);

    /// <summary>podman's pod rm: the removed IDs printed; a missing pod exits 1 (0 with -i).</summary>
    public static async Task<int> RemoveAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var force = o.GetBool("force");
        uint? timeout = o.Changed("time") ? (uint)o.GetInt("time") : null;
        try
        {
            return await EachAsync(invocation, (s, p, ct) => s.RemoveAsync(p, force, timeout, ct), cancellationToken, ignore: o.GetBool("ignore")).ConfigureAwait(false);
        }
        catch (BerthException e) when (e.Kind == ErrorKind.NotFound)
        {
            invocation.Error.WriteLine("Error: " + e.Message);
            return 1;
        }
    }

    /// <summary>podman's pod prune -f: every exited or stopped pod removed with its containers, the IDs printed.</summary>
    public static async Task<int> PruneAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        if (!invocation.Options.GetBool("force"))
        {
            invocation.Out.Write("WARNING! This will remove all stopped/exited pods..\nAre you sure you want to continue? [y/N] ");
            invocation.Out.Flush();
            var answer = Console.In.ReadLine()?.Trim().ToLowerInvariant();
            if (answer is not ("y" or "yes"))
            {
                return 0;
            }
        }

        var service = Open(invocation);
        using var containers = service.Containers;
        foreach (var pod in service.List().Where(p => p.Status is PodStatus.Exited or PodStatus.Stopped))
        {
            await service.RemoveAsync(pod, force: true, timeout: null, cancellationToken).ConfigureAwait(false);
            invocation.Out.WriteLine(pod.Id);
        }

        return 0;
    }

    /// <summary>podman's pod exists: exit 0 or 1, nothing printed.</summary>
    public static Task<int> ExistsAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var service = Open(invocation);
        using var containers = service.Containers;
        return Task.FromResult(service.TryFind(invocation.Arguments[0]) is null ? 1 : 0);
    }

    public static Task<int> InspectAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var latest = invocation.Options.GetBool("latest");
        if (invocation.Arguments.Count == 0 && !latest)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "no names or ids specified");
        }

        var service = Open(invocation);
        using var containers = service.Containers;
        var found = new List<object?>();
        string? missing = null;
        if (latest)
        {
            found.Add(PodViews.Inspect(service.List() is { Count: > 0 } all ? all[^1] : throw NoPods()));
        }

        foreach (var name in invocation.Arguments)
        {
            if (service.TryFind(name) is { } pod)
            {
                found.Add(PodViews.Inspect(pod));
            }
            else
            {
                missing ??= name;
            }
        }

        InspectOutput.Write(invocation.Out, invocation.Options.GetString("format"), found, isImage: false);
        return missing is null
            ? Task.FromResult(0)
            : throw new BerthException(ErrorKind.NotFound, $"inspecting object: no such pod {missing}");
    }

    public static Task<int> ListAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var service = Open(invocation);
        using var containers = service.Containers;
        var pods = service.List().Where(Filter(o.GetStrings("filter"))).ToList();
        if (o.GetBool("latest") && pods.Count > 0)
        {
            pods = [pods[^1]];
        }

        var noTrunc = o.GetBool("no-trunc");
        if (o.GetBool("quiet"))
        {
            foreach (var pod in pods)
            {
                invocation.Out.WriteLine(noTrunc ? pod.Id : pod.Id[..12]);
            }

            return Task.FromResult(0);
        }

        var now = DateTimeOffset.UtcNow;
        var user = o.Changed("format") ? o.GetString("format") ?? "" : null;
        var format = user ?? "table " + PodViews.DefaultFormat(o.GetBool("ctr-ids"), o.GetBool("ctr-names"), o.GetBool("ctr-status"));
        var formatter = ReportFormatter.Create(invocation.Out, "pod ps", format, new ReportOptions
        {
            Origin = user is null ? ReportOrigin.Podman : ReportOrigin.User,
            NoHeading = o.GetBool("noheading") || (user is not null && !ReportFormatter.HasTable(user)),
            HeaderOverrides = PodViews.HeaderOverrides,
        });
        try
        {
            formatter.WriteHeader(PodViews.ListFields);
            formatter.Execute(new GoSlice("[]*pods.podPsReporter", [.. pods.Select(p => (object?)PodViews.Row(p, noTrunc, now))]));
        }
        finally
        {
            formatter.Flush();
        }

        return Task.FromResult(0);
    }

    /// <summary>podman's pod ps filters: name, id, status, label (each key ORs its values, keys AND).</summary>
    private static Func<Pod, bool> Filter(IReadOnlyList<string> filters)
    {
        var tests = new List<Func<Pod, bool>>();
        foreach (var group in filters.Select(f => f.Split('=', 2)).GroupBy(kv => kv[0]))
        {
            var values = group.Select(kv => kv.Length > 1 ? kv[1] : "").ToList();
            tests.Add(group.Key switch
            {
                "name" => p => values.Any(v => System.Text.RegularExpressions.Regex.IsMatch(p.Name, v)),
                "id" => p => values.Any(v => p.Id.StartsWith(v, StringComparison.Ordinal)),
                "status" => p => values.Any(v => string.Equals(p.Status, v, StringComparison.OrdinalIgnoreCase)),
                "label" => p => values.Any(v => v.Split('=', 2) is var l && p.Config.Labels.TryGetValue(l[0], out var have) && (l.Length == 1 || have == l[1])),
                _ => throw new BerthException(ErrorKind.InvalidArgument, $"{group.Key} is an invalid filter"),
            });
        }

        return p => tests.All(t => t(p));
    }

    /// <summary>The pods named (or -a/--latest), each acted on and its ID printed; the first unknown name stops with podman's error.</summary>
    private static async Task<int> EachAsync(Invocation invocation, Func<PodService, Pod, CancellationToken, Task> act, CancellationToken cancellationToken, bool ignore = false)
    {
        var o = invocation.Options;
        var all = o.GetBool("all");
        var latest = o.GetBool("latest");
        if (invocation.Arguments.Count == 0 && !all && !latest)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "you must provide at least one name or id");
        }

        var service = Open(invocation);
        using var containers = service.Containers;
        var pods = new List<Pod>();
        if (all)
        {
            pods.AddRange(service.List());
        }
        else if (latest)
        {
            pods.Add(service.List() is { Count: > 0 } list ? list[^1] : throw NoPods());
        }

        foreach (var name in invocation.Arguments)
        {
            if (service.TryFind(name) is { } pod)
            {
                pods.Add(pod);
            }
            else if (!ignore)
            {
                throw PodService.NotFound(name);
            }
        }

        foreach (var pod in pods)
        {
            await act(service, pod, cancellationToken).ConfigureAwait(false);
            invocation.Out.WriteLine(pod.Id);
        }

        return 0;
    }

    private static BerthException NoPods() => new(ErrorKind.NotFound, "no pods to act on: no such pod");
}
