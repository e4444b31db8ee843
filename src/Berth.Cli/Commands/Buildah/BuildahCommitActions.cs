using System.Text.Json;
using Berth.Build.Builders;
using Berth.Cli.CommandLine;
using Berth.Engine.Images;
using Berth.Oci;
using Berth.Templates;

namespace Berth.Cli.Commands.Buildah;

/// <summary><c>buildah commit</c> (a builder to an image, buildah's progress lines and the ID) and <c>buildah inspect</c>.</summary>
public static class BuildahCommitActions
{
    private const string BuildahVersion = "1.28.2";

    private static readonly string[] CommitUnsupported =
        ["encrypt-layer", "encryption-key", "manifest", "sign-by", "omit-history", "cert-dir", "creds", "authfile", "tls-verify"];

    /// <summary>buildah's <c>--format</c> names: oci, or docker (also spelt v2s2).</summary>
    internal static string ParseFormat(string format) => format.ToLowerInvariant() switch
    {
        "oci" or "" => "oci",
        "docker" or "v2s2" => "docker",
        _ => throw new BerthException(ErrorKind.InvalidArgument, $"unrecognized image type \"{format}\""),
    };

    public static async Task<int> CommitAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var args = invocation.Arguments;
        if (args.Count == 0)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "container ID must be specified");
        }

        if (args.Count > 2)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "too many arguments specified");
        }

        BuildahSession.RefuseUnsupported(invocation, CommitUnsupported);
        var format = ParseFormat(o.GetString("format") ?? "oci");
        string? name = null;
        if (args.Count == 2)
        {
            try
            {
                name = ImageService.NormalizeTargetName(args[1]);
            }
            catch (BerthException)
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"cannot parse input: \"{args[1]}\": invalid reference format");
            }
        }

        using var session = BuildahSession.Open(invocation);
        var builders = session.Builders;
        var state = session.Find(args[0]);
        var image = state.Config;
        var c = image.Config ?? new ContainerConfig();
        if (o.GetBool("identity-label"))
        {
            c = c with { Labels = new Dictionary<string, string>(c.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal) { ["io.buildah.version"] = BuildahVersion } };
        }

        if (o.GetStrings("unsetenv") is { Count: > 0 } unset)
        {
            c = c with { Env = c.Env?.Where(e => !unset.Contains(e.Split('=', 2)[0])).ToList() };
        }

        if (format == "oci")
        {
            // Docker-only settings do not exist in an OCI config (buildah config warned about them).
            c = c with { Healthcheck = null, Shell = null, OnBuild = null };
        }

        var createdBy = state.CreatedBy is { Length: > 0 } by ? by : c.Shell is { Count: > 0 } shell ? string.Join(' ', shell) : "/bin/sh";
        var committed = await builders.CommitAsync(state, new BuilderCommitRequest
        {
            Config = image with { Config = c },
            CreatedBy = createdBy,
            Comment = state.HistoryComment,
            Format = format,
            Squash = o.GetBool("squash"),
            Names = name is null ? [] : [name],
            Timestamp = o.Changed("timestamp") ? DateTimeOffset.FromUnixTimeSeconds(o.GetInt("timestamp")) : null,
        }, cancellationToken).ConfigureAwait(false);
        if (!o.GetBool("quiet"))
        {
            var e = invocation.Error;
            e.WriteLine("Getting image source signatures");
            foreach (var blob in committed.Blobs.Where(b => b != committed.ConfigDigest && b != committed.ManifestDigest))
            {
                e.WriteLine($"Copying blob {blob}");
            }

            e.WriteLine($"Copying config sha256:{committed.Id}");
            e.WriteLine("Writing manifest to image destination");
            e.WriteLine("Storing signatures");
        }

        if (o.GetBool("rm"))
        {
            await builders.RemoveAsync(state, cancellationToken).ConfigureAwait(false);
        }

        if (o.GetString("iidfile") is { Length: > 0 } iidfile)
        {
            await File.WriteAllTextAsync(iidfile, "sha256:" + committed.Id, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            invocation.Out.WriteLine(committed.Id);
        }

        return 0;
    }

    public static async Task<int> InspectAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var type = o.GetString("type") ?? "container";
        if (type is not ("container" or "image"))
        {
            throw new BerthException(ErrorKind.InvalidArgument, "the only recognized types are \"container\" and \"image\"");
        }

        var name = invocation.Arguments switch
        {
            [] => throw new BerthException(ErrorKind.InvalidArgument, "container or image name must be specified"),
            [var one] => one,
            _ => throw new BerthException(ErrorKind.InvalidArgument, "too many arguments specified"),
        };
        using var session = BuildahSession.Open(invocation);
        GoStruct view;
        if (type == "container" && session.Builders.TryGet(name) is { } state)
        {
            var baseImage = state.FromImageId is { } id ? session.Builders.Host.FindImage(id) : null;
            var manifest = baseImage is null ? "" : await ReadTextAsync(session, baseImage.ManifestDigest, cancellationToken).ConfigureAwait(false);
            view = BuildahInspectView.Of(state, manifest, baseImage?.ManifestDigest.ToString() ?? "");
        }
        else
        {
            // buildah reads an image (when no container has the name) as a builder would start from it.
            var image = session.Containers.Images.TryFind(name) ?? throw new BerthException(ErrorKind.NotFound, $"importing settings: {name}: image not known");
            var stored = session.Builders.Host.FindImage(image.Id)!;
            var from = new BuilderState
            {
                Id = "",
                Name = "",
                Created = image.Created,
                FromImage = image.Names.Count > 0 ? image.Names[0] : "",
                FromImageId = image.Id,
                ConfigJson = "{}",
                Annotations = image.Annotations,
            }.WithConfig(image.Config);
            view = BuildahInspectView.Of(from, await ReadTextAsync(session, stored.ManifestDigest, cancellationToken).ConfigureAwait(false), stored.ManifestDigest.ToString());
        }

        if (o.GetString("format") is { Length: > 0 } format)
        {
            BuildahOutput.WriteTemplate(invocation.Out, "format", format, [view]);
            return 0;
        }

        invocation.Out.WriteLine(BuildahOutput.Json(view));
        return 0;
    }

    private static async Task<string> ReadTextAsync(BuildahSession session, Digest digest, CancellationToken cancellationToken) =>
        System.Text.Encoding.UTF8.GetString(await session.Builders.Host.Store.Content.ReadAllBytesAsync(digest, cancellationToken).ConfigureAwait(false));

    /// <summary>The config as buildah's inspect prints it in "Config": compact JSON text.</summary>
    internal static string CompactConfig(ImageConfiguration config) => JsonSerializer.Serialize(config, OciJsonContext.Writer.ImageConfiguration);
}
