using Berth.Cli.CommandLine;
using Berth.Engine.Volumes;

namespace Berth.Cli.Commands;

/// <summary>podman 4.3.1's volume create, ls, inspect, rm, prune and exists: flags to engine calls, podman's output and exit codes.</summary>
public static partial class VolumeActions
{
    internal static VolumeService Open(Invocation invocation) => new(EngineFactory.Create(invocation));

    public static Task<int> CreateAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var driver = o.Changed(VolumeOptionsDefaults.DriverShorthand)
            ? o.GetString(VolumeOptionsDefaults.DriverShorthand) ?? ""
            : o.GetString("driver") ?? VolumeOptionsDefaults.Driver;
        var request = new VolumeCreateRequest
        {
            Name = invocation.Arguments.Count > 0 ? invocation.Arguments[0] : "",
            Driver = driver,
            Labels = KeyValues(o.GetStrings("label"), "unable to process labels"),
            Options = KeyValues(o.GetStrings("opt"), "unable to process options"),
        };
        using var service = Open(invocation);
        var volume = service.Create(request, o.GetBool("ignore"));
        invocation.Out.WriteLine(volume.Name);
        return Task.FromResult(0);
    }

    public static Task<int> ListAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var quiet = o.GetBool("quiet");
        if (quiet && o.Changed("format"))
        {
            throw new BerthException(ErrorKind.InvalidArgument, "quiet and format flags cannot be used together");
        }

        using var service = Open(invocation);
        var volumes = service.List(o.GetStrings("filter"));
        VolumeViews.WriteList(invocation.Out, volumes, new VolumeListOptions
        {
            Format = o.Changed("format") ? o.GetString("format") ?? "" : null,
            Quiet = quiet,
            NoHeading = o.GetBool("noheading"),
        });
        return Task.FromResult(0);
    }

    /// <summary>
    /// podman's inspect: the volumes found as five-space JSON (or the template), then the errors — all but the first as
    /// "error inspecting object: …" lines, the first as the command's error.
    /// </summary>
    public static Task<int> InspectAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var all = invocation.Options.GetBool("all");
        if ((all && invocation.Arguments.Count > 0) || (!all && invocation.Arguments.Count == 0))
        {
            throw new BerthException(ErrorKind.InvalidArgument, "provide one or more volume names or use --all");
        }

        using var service = Open(invocation);
        var found = new List<Volume>();
        var errors = new List<string>();
        if (all)
        {
            found.AddRange(service.List());
        }

        foreach (var name in invocation.Arguments)
        {
            Volume? volume;
            try
            {
                volume = service.TryGet(name);
            }
            catch (BerthException e)
            {
                throw new BerthException(e.Kind, $"inspecting volume {name}: {e.Message}");
            }

            if (volume is null)
            {
                errors.Add($"no such volume {name}");
                continue;
            }

            found.Add(volume);
        }

        VolumeViews.WriteInspect(invocation.Out, invocation.Options.GetString("format"), found);
        return Output.InspectOutput.Finish(invocation.Error, errors);
    }

    /// <summary>
    /// podman's volume rm: removed names printed; with -f missing volumes are no error; every error but the last
    /// printed, the last returned; exit 1 when a volume was missing, 2 when one was in use (the last such error decides).
    /// </summary>
    public static async Task<int> RemoveAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var all = o.GetBool("all");
        var force = o.GetBool("force");
        if ((invocation.Arguments.Count > 0 && all) || (invocation.Arguments.Count == 0 && !all))
        {
            throw new BerthException(ErrorKind.InvalidArgument, "choose either one or more volumes or all");
        }

        uint? timeout = null;
        if (o.Changed("time"))
        {
            if (!force)
            {
                throw new BerthException(ErrorKind.InvalidArgument, "--force option must be specified to use the --time option");
            }

            timeout = (uint)o.GetInt("time");
        }

        using var service = Open(invocation);
        var reports = new List<VolumeRemoveReport>();
        var targets = new List<string>();
        if (all)
        {
            targets.AddRange(service.List().Select(v => v.Name));
        }
        else
        {
            // podman looks every name up first (the misses are reported first), then removes.
            foreach (var name in invocation.Arguments)
            {
                try
                {
                    targets.Add(service.Get(name).Name);
                }
                catch (BerthException e)
                {
                    reports.Add(new VolumeRemoveReport(name, e));
                }
            }
        }

        foreach (var name in targets)
        {
            try
            {
                await service.RemoveAsync(name, force, timeout, cancellationToken).ConfigureAwait(false);
                reports.Add(new VolumeRemoveReport(name, null));
            }
            catch (BerthException e)
            {
                reports.Add(new VolumeRemoveReport(name, e));
            }
        }

        var errors = new List<BerthException>();
        int? exit = null;
        foreach (var r in reports)
        {
            if (r.Error is null)
            {
                invocation.Out.WriteLine(r.Name);
                continue;
            }

            if (force && r.Error.Kind == ErrorKind.NotFound)
            {
                continue;
            }

            exit = r.Error.Kind switch
            {
                ErrorKind.NotFound => 1,
                _ when r.Error.ExitCode == 2 => 2,
                _ => exit,
            };
            errors.Add(r.Error);
        }

        return CommandErrors.Print(invocation, errors, exit);
    }

    /// <summary>
    /// podman's prune: without -f the volumes it would remove are listed under the warning and the answer is read from
    /// stdin ("No dangling volumes found" when there are none); then the removed names are printed.
    /// </summary>
    public static async Task<int> PruneAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var filters = o.GetStrings("filter");
        using var service = Open(invocation);
        if (!o.GetBool("force"))
        {
            const string warning = "WARNING! This will remove all volumes not used by at least one container. The following volumes will be removed:";
            var candidates = service.PruneCandidates(filters);
            if (candidates.Count == 0)
            {
                invocation.Out.Write(warning + "\nNo dangling volumes found\n");
                return 0;
            }

            var text = warning + "\n" + string.Join('\n', candidates.Select(v => v.Name));
            if (!await ImageMaintenanceActions.ConfirmAsync(invocation, text, cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }
        }

        return CommandErrors.PrintPruned(invocation, service.Prune(filters).Select(r => (r.Name, r.Error)));
    }

    public static Task<int> ExistsAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var service = Open(invocation);
        return Task.FromResult(service.Exists(invocation.Arguments[0]) ? 0 : 1);
    }

    /// <summary>podman's parse.GetAllLabels: "key=value" or "key" (empty value); an empty key is refused.</summary>
    internal static Dictionary<string, string> KeyValues(IReadOnlyList<string> items, string context)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? item : item[..eq];
            if (key.Length == 0)
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"{context}: invalid label format: \"{item}\"");
            }

            map[key] = eq < 0 ? "" : item[(eq + 1)..];
        }

        return map;
    }
}
