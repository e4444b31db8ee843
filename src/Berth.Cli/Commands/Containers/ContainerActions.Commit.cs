using Berth.Cli.CommandLine;
using Berth.Engine.Containers;

namespace Berth.Cli.Commands;

/// <summary>podman commit.</summary>
public static partial class ContainerActions
{
    /// <summary>
    /// podman commit CONTAINER [IMAGE]: progress lines on stderr (none with -q), then the new image's ID on stdout;
    /// --iidfile gets the ID too. --include-volumes is accepted (Berth's containers have no anonymous image volumes yet).
    /// </summary>
    public static async Task<int> CommitAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var quiet = o.GetBool("quiet");
        using var service = Open(invocation);
        var c = service.Find(invocation.Arguments[0]);
        var options = new CommitOptions
        {
            Name = invocation.Arguments.Count > 1 ? invocation.Arguments[1] : null,
            Author = o.GetString("author"),
            Message = o.GetString("message"),
            Changes = o.GetStrings("change"),
            Format = o.GetString("format") ?? "oci",
            Pause = !o.Changed("pause") || o.GetBool("pause"),
            Squash = o.GetBool("squash"),
        };
        var image = await new ContainerCommitter(service)
            .CommitAsync(c, options, Output.ProgressFactory.For(invocation.Error, quiet), cancellationToken)
            .ConfigureAwait(false);
        if (o.GetString("iidfile") is { Length: > 0 } iidfile)
        {
            await File.WriteAllTextAsync(iidfile, image.Id, cancellationToken).ConfigureAwait(false);
        }

        invocation.Out.WriteLine(image.Id);
        return 0;
    }
}
