using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Berth.Registry;

/// <summary>
/// Runs a Docker credential helper, <c>docker-credential-&lt;name&gt; get</c>, with the registry on standard input
/// and reads <c>{"ServerURL","Username","Secret"}</c> from standard output (docker-credential-helpers protocol).
/// A user name of <c>&lt;token&gt;</c> means the secret is an identity token.
/// </summary>
public sealed class CredentialHelper
{
    private const string NotFoundMessage = "credentials not found in native keychain";
    private readonly IReadOnlyList<string>? _searchDirectories;

    /// <param name="searchDirectories">Where to look for <c>docker-credential-*</c>; null searches <c>$PATH</c>.</param>
    public CredentialHelper(IReadOnlyList<string>? searchDirectories = null) => _searchDirectories = searchDirectories;

    /// <summary>Asks helper <paramref name="name"/> for <paramref name="registry"/>'s credentials; null when it has none.</summary>
    /// <exception cref="BerthException">Unavailable when the helper is missing or fails.</exception>
    public async Task<RegistryCredential?> GetAsync(string name, string registry, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(registry);
        var program = "docker-credential-" + name;
        var start = new ProcessStartInfo(Locate(program))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("get");

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw BerthException.Unavailable($"getting credentials for {registry} from credential helper {program}: {e.Message} (install it, or remove it from credHelpers/credential-helpers)", e);
        }

        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.StandardInput.WriteAsync(registry.AsMemory(), cancellationToken).ConfigureAwait(false);
            process.StandardInput.Close();
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var output = await stdout.ConfigureAwait(false);
            var error = await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                var text = (output + error).Trim();
                if (text.Contains(NotFoundMessage, StringComparison.Ordinal))
                {
                    return null;
                }

                throw BerthException.Unavailable($"getting credentials for {registry} from credential helper {program}: exit status {process.ExitCode}: {text}");
            }

            return Parse(output, program, registry);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static RegistryCredential? Parse(string output, string program, string registry)
    {
        CredentialHelperOutput? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(output, RegistryJsonContext.Default.CredentialHelperOutput);
        }
        catch (JsonException e)
        {
            throw BerthException.Unavailable($"getting credentials for {registry} from credential helper {program}: output is not valid JSON: {e.Message}", e);
        }

        if (parsed is null || (string.IsNullOrEmpty(parsed.Username) && string.IsNullOrEmpty(parsed.Secret)))
        {
            return null;
        }

        return parsed.Username == "<token>"
            ? new RegistryCredential("", "", parsed.Secret)
            : new RegistryCredential(parsed.Username ?? "", parsed.Secret ?? "");
    }

    private string Locate(string program)
    {
        if (_searchDirectories is null)
        {
            return program;
        }

        foreach (var directory in _searchDirectories)
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return program;
    }
}
