using Berth.Cli.CommandLine;
using Berth.Oci;

namespace Berth.Cli.Commands;

/// <summary><c>skopeo manifest-digest MANIFEST-FILE</c>: the digest of a manifest file's bytes.</summary>
public static class ManifestDigestCommand
{
    public static CommandSpec Create() => new("manifest-digest", "Compute a manifest digest of a file")
    {
        PlainUsage = true,
        Usage = "MANIFEST-FILE",
        Example = "{path} manifest.json",
        Args = ArgsRule.Exactly(1),
        Action = RunAsync,
    };

    private static async Task<int> RunAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var path = invocation.Arguments[0];
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            throw new BerthException(ErrorKind.NotFound, $"reading manifest {path}: open {path}: no such file or directory");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"reading manifest {path}: {e.Message}");
        }

        invocation.Out.WriteLine(Digest.Compute(bytes).ToString());
        return 0;
    }
}
