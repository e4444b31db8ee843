using System.Text;
using Berth.Cli.CommandLine;
using Berth.Cli.Output;
using Berth.Engine.Images;
using Berth.Templates;

namespace Berth.Cli.Commands;

/// <summary>The actions of image prune, mount, unmount, diff and tree: podman 4.3.1's checks, prompts and output.</summary>
public static class ImageMaintenanceActions
{
    private const string AllWithNames = "when using the --all switch, you may not pass any image names or IDs";

    private static ImageService Open(Invocation invocation) => new(EngineFactory.Create(invocation));

    /// <summary>podman image prune: asks first (unless -f), prints the removed IDs, one a line.</summary>
    public static async Task<int> PruneAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var all = o.GetBool("all");
        if (o.GetBool("external"))
        {
            throw new BerthException(ErrorKind.InvalidArgument, "--external is not supported: Berth has no external (build) containers yet, so prune without it");
        }

        if (!o.GetBool("force") && !await ConfirmAsync(
            invocation,
            all ? "WARNING! This command removes all images without at least one container associated with them." : "WARNING! This command removes all dangling images.",
            cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        var filters = new List<string>();
        foreach (var filter in o.GetStrings("filter"))
        {
            if (!filter.Contains('=', StringComparison.Ordinal))
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"filter input must be in the form of filter=value: {filter} is invalid");
            }

            filters.Add(filter);
        }

        using var images = Open(invocation);
        foreach (var id in await new ImagePruner(images).PruneAsync(all, filters, cancellationToken).ConfigureAwait(false))
        {
            invocation.Out.WriteLine(id);
        }

        return 0;
    }

    /// <summary>podman image mount: one image prints its path; several, none (list) or --all print ID/path rows or JSON.</summary>
    public static Task<int> MountAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var all = o.GetBool("all");
        var format = o.GetString("format") ?? "";
        var names = invocation.Arguments;
        if (names.Count > 0 && all)
        {
            throw new BerthException(ErrorKind.InvalidArgument, AllWithNames);
        }

        // podman checks --format after mounting (and leaves the mounts); checking first changes nothing on bad input.
        if (format.Length > 0 && !ReportFormatter.IsJson(format))
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"unknown --format argument: \"{format}\"");
        }

        using var images = Open(invocation);
        var reports = new ImageMounter(images).Mount(names, all);
        if (names.Count == 1 && format.Length == 0 && !all)
        {
            invocation.Out.WriteLine(reports[0].Path);
            return Task.FromResult(0);
        }

        if (format.Length > 0)
        {
            // podman's printJSON: json.MarshalIndent(…, "", " ") of {id, Names: [digest], Repositories, mountpoint}.
            var rows = reports.Select(r => (object?)new GoStruct("images.jreport")
                .Add("ID", r.Id, json: "id")
                .Add("Names", new[] { r.Name })
                .Add("Repositories", r.Repositories)
                .Add("Mountpoint", r.Path, json: "mountpoint")).ToList();
            invocation.Out.WriteLine(GoJson.Serialize(rows, escapeHtml: true, indent: " "));
            return Task.FromResult(0);
        }

        var formatter = ReportFormatter.Create(invocation.Out, invocation.Command.Name, "{{range . }}{{.ID}}\t{{.Path}}\n{{end -}}", new ReportOptions { Origin = ReportOrigin.Podman });
        try
        {
            // mountReporter.ID(): the first tag when the image has one, else the ID.
            formatter.Execute(new GoSlice("[]images.mountReporter", reports.Select(r => (object?)new GoStruct("images.mountReporter")
                .Add("Id", r.Id)
                .Add("Name", r.Name)
                .Add("Repositories", r.Repositories)
                .Add("Path", r.Path)
                .Method("ID", () => r.Repositories.Count > 0 ? r.Repositories[0] : r.Id)).ToList()));
        }
        finally
        {
            formatter.Flush();
        }

        return Task.FromResult(0);
    }

    /// <summary>podman image unmount: prints the ID of each image unmounted; images not mounted are skipped (podman 4.3).</summary>
    public static Task<int> UnmountAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var all = o.GetBool("all");
        var names = invocation.Arguments;
        if (names.Count == 0 && !all)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "image name or ID must be specified");
        }

        if (names.Count > 0 && all)
        {
            throw new BerthException(ErrorKind.InvalidArgument, AllWithNames);
        }

        using var images = Open(invocation);
        var errors = new List<BerthException>();
        foreach (var report in new ImageMounter(images).Unmount(names, all, o.GetBool("force")))
        {
            if (report.Error is null)
            {
                invocation.Out.WriteLine(report.Id);
            }
            else
            {
                errors.Add(report.Error);
            }
        }

        // podman's OutputErrors: every error but the last on stderr, the last one is the command's error.
        foreach (var error in errors.SkipLast(1))
        {
            invocation.Error.WriteLine("Error: " + error.Message);
        }

        return errors.Count > 0 ? throw errors[^1] : Task.FromResult(0);
    }

    public static Task<int> ImageDiffAsync(Invocation invocation, CancellationToken cancellationToken) =>
        Task.FromResult(WriteDiff(invocation, layersToo: false, cancellationToken));

    /// <summary>podman diff: its own argument checks (--latest), then images or layers (containers come later).</summary>
    public static Task<int> DiffAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var latest = invocation.Options.GetBool("latest");
        var count = invocation.Arguments.Count;
        if (count > 0 && latest)
        {
            throw new UsageException("--latest and containers cannot be used together");
        }

        if (count == 0 && !latest)
        {
            throw new UsageException($"\"{invocation.Command.Path}\" requires a name, id, or the \"--latest\" flag");
        }

        if (count > 2)
        {
            throw new UsageException($"accepts between 1 and 2 arg(s), received {count}");
        }

        // Containers first (podman's diff looks the name up as a container, then an image, then a layer).
        if (count < 2)
        {
            using var containers = ContainerActions.Open(invocation);
            var container = latest
                ? containers.Store.Containers.List().Count == 0
                    ? throw new BerthException(ErrorKind.NotFound, "unable to get latest container: no such container")
                    : containers.Latest()
                : containers.TryFind(invocation.Arguments[0]);
            if (container is not null)
            {
                return Task.FromResult(WriteChanges(invocation, containers.Changes(container, cancellationToken)));
            }
        }

        return Task.FromResult(WriteDiff(invocation, layersToo: true, cancellationToken));
    }

    /// <summary>podman image tree: the tree text and the blank line fmt.Println adds after it.</summary>
    public static Task<int> TreeAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var images = Open(invocation);
        var data = new ImageTree(images).Build(invocation.Arguments[0]);
        invocation.Out.Write(ImageTreeOutput.Render(data, invocation.Options.GetBool("whatrequires")));
        invocation.Out.Write('\n');
        return Task.FromResult(0);
    }

    private static int WriteDiff(Invocation invocation, bool layersToo, CancellationToken cancellationToken)
    {
        using var images = Open(invocation);
        var args = invocation.Arguments;
        var changes = new ImageDiff(images).Changes(args[0], args.Count > 1 ? args[1] : null, layersToo, cancellationToken);
        return WriteChanges(invocation, changes);
    }

    private static int WriteChanges(Invocation invocation, IReadOnlyList<FileChange> changes)
    {
        var format = invocation.Options.GetString("format") ?? "";
        if (ReportFormatter.IsJson(format))
        {
            invocation.Out.Write(DiffOutput.Json(changes));
        }
        else if (format.Length == 0)
        {
            foreach (var change in changes)
            {
                invocation.Out.WriteLine(change.ToString());
            }
        }
        else
        {
            throw new BerthException(ErrorKind.InvalidArgument, "only supported value for '--format' is 'json'");
        }

        return 0;
    }

    /// <summary>
    /// podman's prune prompt: the warning, "Are you sure you want to continue? [y/N] ", one line of stdin. Go's bufio
    /// ReadString('\n'): a line without its newline is an EOF error; anything not starting with y/Y is "no".
    /// </summary>
    internal static async Task<bool> ConfirmAsync(Invocation invocation, string warning, CancellationToken cancellationToken)
    {
        invocation.Out.Write(warning + "\nAre you sure you want to continue? [y/N] ");
        await invocation.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        var answer = await ReadLineAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new BerthException(ErrorKind.InvalidArgument, "EOF");
        return char.ToLowerInvariant(answer[0]) == 'y';
    }

    /// <summary>One line from standard input with its newline, or null at the end of input before a newline.</summary>
    internal static async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        await using var stdin = StandardStreams.Input();
        var bytes = new List<byte>();
        var buffer = new byte[1];
        while (await stdin.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) == 1)
        {
            bytes.Add(buffer[0]);
            if (buffer[0] == (byte)'\n')
            {
                return Encoding.UTF8.GetString(bytes.ToArray());
            }
        }

        return null;
    }
}
