using Berth.Cli.CommandLine;
using Berth.Cli.Output;
using Berth.Engine.Containers;
using Berth.Templates;

namespace Berth.Cli.Commands;

/// <summary>podman mount, unmount and export for containers.</summary>
public static partial class ContainerActions
{
    /// <summary>
    /// podman mount: with containers (or -a, -l) mounts them and prints each mount point; without, lists the mounted
    /// containers ("ID  path", newest first; --no-trunc: full IDs; --format json).
    /// </summary>
    public static async Task<int> MountAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        using var service = Open(invocation);
        var all = o.GetBool("all");
        if (invocation.Arguments.Count == 0 && !all && !o.GetBool("latest"))
        {
            var format = o.GetString("format") ?? "";
            var mounted = service.Mounted();
            if (ReportFormatter.IsJson(format))
            {
                var rows = mounted.Select(m => new GoStruct("entities.ContainerMountReport")
                    .Add("ID", m.Container.Id, json: "id")
                    .Add("Names", new List<string> { m.Container.Name })
                    .Add("Path", m.MountPoint, json: "mountpoint")).ToList();
                invocation.Out.Write(GoJson.Serialize(rows, escapeHtml: true, indent: " ") + "\n");
                return 0;
            }

            if (format.Length > 0)
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"unknown --format argument: {format}");
            }

            var full = o.GetBool("no-trunc");
            foreach (var m in mounted)
            {
                invocation.Out.WriteLine($"{(full ? m.Container.Id : m.Container.ShortId)}  {m.MountPoint}");
            }

            return 0;
        }

        var targets = Targets(invocation, service);
        if (all)
        {
            targets.Reverse();
        }

        return await ForEach(invocation, targets, async (_, c) =>
        {
            var path = await service.MountAsync(c, cancellationToken).ConfigureAwait(false);
            invocation.Out.WriteLine(path);
        }).ConfigureAwait(false);
    }

    /// <summary>podman unmount: prints what the user typed (full IDs with -a, only the mounted containers).</summary>
    public static async Task<int> UnmountAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        using var service = Open(invocation);
        var all = o.GetBool("all");
        if (invocation.Arguments.Count == 0 && !all && !o.GetBool("latest"))
        {
            throw new BerthException(ErrorKind.InvalidArgument, "you must provide at least one name or id");
        }

        var targets = all
            ? service.Mounted().Select(m => (m.Container.Id, (Container?)m.Container)).ToList()
            : Targets(invocation, service);
        return await ForEach(invocation, targets, async (raw, c) =>
        {
            await service.UnmountAsync(c, o.GetBool("force"), cancellationToken).ConfigureAwait(false);
            invocation.Out.WriteLine(raw);
        }).ConfigureAwait(false);
    }

    /// <summary>podman export: the root file system as a tar to -o or a redirected stdout.</summary>
    public static async Task<int> ExportAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var output = invocation.Options.GetString("output") ?? "";
        using var service = Open(invocation);
        var c = service.Find(invocation.Arguments[0]);
        if (output.Length == 0)
        {
            if (!Console.IsOutputRedirected)
            {
                throw new BerthException(ErrorKind.InvalidArgument, "refusing to export to terminal. Use -o flag or redirect");
            }

            await invocation.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            await using var stdout = StandardStreams.Output();
            await service.ExportAsync(c, stdout, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        var full = Path.GetFullPath(output);
        var temp = full + ".berth-tmp-" + Environment.ProcessId;
        try
        {
            await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous))
            {
                await service.ExportAsync(c, file, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }

        return 0;
    }
}
