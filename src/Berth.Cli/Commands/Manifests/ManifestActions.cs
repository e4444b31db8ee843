using Berth.Cli.CommandLine;
using Berth.Cli.Output;
using Berth.Engine.Images;
using Berth.Engine.Manifests;
using Berth.Engine.Registries;

namespace Berth.Cli.Commands;

/// <summary>The manifest commands' actions (podman's and buildah's trees share them): arguments to <see cref="ManifestListService"/>.</summary>
internal static class ManifestActions
{
    public static async Task<int> CreateAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        using var images = new ImageService(EngineFactory.Create(invocation));
        var options = new ManifestAddOptions { All = o.GetBool("all"), Access = Access(o) };
        var args = invocation.Arguments;
        var id = await new ManifestListService(images).CreateAsync(args[0], [.. args.Skip(1)], o.GetBool("amend"), options, cancellationToken).ConfigureAwait(false);
        invocation.Out.WriteLine(id);
        return 0;
    }

    public static async Task<int> AddAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var options = new ManifestAddOptions { All = o.GetBool("all"), Access = Access(o), Overrides = Overrides(o) };
        using var images = new ImageService(EngineFactory.Create(invocation));
        var service = new ManifestListService(images);
        var args = invocation.Arguments;
        var id = "";
        foreach (var image in args.Skip(1))
        {
            id = await service.AddAsync(args[0], image, options, cancellationToken).ConfigureAwait(false);
        }

        invocation.Out.WriteLine(id);
        return 0;
    }

    public static async Task<int> RemoveAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var images = new ImageService(EngineFactory.Create(invocation));
        var id = await new ManifestListService(images).RemoveAsync(invocation.Arguments[0], invocation.Arguments[1], cancellationToken).ConfigureAwait(false);
        invocation.Out.WriteLine(id);
        return 0;
    }

    public static async Task<int> AnnotateAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var overrides = Overrides(invocation.Options);
        using var images = new ImageService(EngineFactory.Create(invocation));
        var id = await new ManifestListService(images).AnnotateAsync(invocation.Arguments[0], invocation.Arguments[1], overrides, cancellationToken).ConfigureAwait(false);
        invocation.Out.WriteLine(id);
        return 0;
    }

    public static async Task<int> InspectAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var images = new ImageService(EngineFactory.Create(invocation));
        var text = await new ManifestListService(images).InspectAsync(invocation.Arguments[0], Access(invocation.Options), cancellationToken).ConfigureAwait(false);
        invocation.Out.Write(text);
        return 0;
    }

    public static Task<int> ExistsAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var images = new ImageService(EngineFactory.Create(invocation));
        return Task.FromResult(new ManifestListService(images).Exists(invocation.Arguments[0]) ? 0 : 1);
    }

    /// <summary>
    /// podman manifest rm: the removed lists' lines, then the errors: one is printed as it is, several as Go's
    /// multierror ("N errors occurred:" and a "\t* " line each); exit 1 when every error is an unknown name.
    /// </summary>
    public static async Task<int> RmAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var images = new ImageService(EngineFactory.Create(invocation));
        var (lines, errors) = await new ManifestListService(images).RemoveListsAsync(invocation.Arguments, cancellationToken).ConfigureAwait(false);
        foreach (var line in lines)
        {
            invocation.Out.WriteLine(line);
        }

        if (errors.Count == 0)
        {
            return 0;
        }

        var message = errors.Count == 1
            ? errors[0].Message
            : $"{errors.Count} errors occurred:\n" + string.Join('\n', errors.Select(e => "\t* " + e.Message));
        var kind = errors.All(e => e.Kind == ErrorKind.NotFound) ? ErrorKind.NotFound : errors[0].Kind;
        throw new BerthException(kind, message) { ExitCode = kind == ErrorKind.NotFound ? 1 : null };
    }

    public static async Task<int> PushAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        foreach (var unsupported in new[] { "sign-by", "sign-by-sigstore-private-key" })
        {
            if (o.Changed(unsupported))
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"--{unsupported} is not supported by Berth yet: push without it");
            }
        }

        var options = new ManifestPushOptions
        {
            All = !o.Has("all") || o.GetBool("all"),
            Format = o.GetString("format"),
            CompressionFormat = o.Has("compression-format") && o.Changed("compression-format") ? o.GetString("compression-format") : null,
            RemoveList = o.GetBool("rm"),
            Access = Access(o),
        };
        using var images = new ImageService(EngineFactory.Create(invocation));
        var progress = ProgressFactory.For(invocation.Error, o.GetBool("quiet"));
        Oci.Digest digest;
        using (progress as IDisposable)
        {
            digest = await new ManifestListService(images).PushAsync(invocation.Arguments[0], invocation.Arguments[1], options, progress, cancellationToken).ConfigureAwait(false);
        }

        if (o.GetString("digestfile") is { } digestFile)
        {
            await File.WriteAllTextAsync(digestFile, digest.ToString(), cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    private static RegistryAccessOptions Access(ParsedOptions o) => new()
    {
        AuthFile = o.Has("authfile") ? o.GetString("authfile") : null,
        CertDir = o.Has("cert-dir") ? o.GetString("cert-dir") : null,
        Credentials = o.Has("creds") ? o.GetString("creds") : null,
        TlsVerify = o.Has("tls-verify") && o.Changed("tls-verify") ? o.GetBool("tls-verify") : null,
    };

    private static ManifestEntryOverrides Overrides(ParsedOptions o) => new()
    {
        Architecture = Text(o, "arch"),
        Os = Text(o, "os"),
        Variant = Text(o, "variant"),
        OsVersion = Text(o, "os-version"),
        OsFeatures = o.Has("os-features") && o.GetStrings("os-features") is { Count: > 0 } features ? features : null,
        Annotations = ManifestEntryOverrides.ParseAnnotations(o.GetStrings("annotation")),
    };

    private static string? Text(ParsedOptions o, string name) => o.Has(name) && o.GetString(name) is { Length: > 0 } value ? value : null;
}
