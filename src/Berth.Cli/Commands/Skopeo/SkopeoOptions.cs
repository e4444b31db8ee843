using Berth.Cli.CommandLine;
using Berth.Engine.Registries;

namespace Berth.Cli.Commands.Skopeo;

/// <summary>skopeo's shared flag groups: registry access with an optional src-/dest- prefix.</summary>
internal static class SkopeoOptions
{
    /// <summary>The image-access flags of skopeo (inspect, list-tags, delete use them unprefixed; copy and sync with src-/dest-).</summary>
    public static IEnumerable<OptionSpec> Access(string prefix, bool withTls = true)
    {
        var who = prefix switch { "src-" => " for the source", "dest-" => " for the destination", _ => "" };
        yield return OptionSpec.Text(prefix + "authfile", null, $"path of the authentication file{who}. Default is ${{XDG_RUNTIME_DIR}}/containers/auth.json");
        yield return OptionSpec.Text(prefix + "cert-dir", null, $"use certificates at `PATH` (*.crt, *.cert, *.key) to connect to the registry or daemon{who}");
        yield return OptionSpec.Text(prefix + "creds", null, $"Use `USERNAME[:PASSWORD]` for accessing the registry{who}");
        yield return OptionSpec.Flag(prefix + "no-creds", null, $"Access the registry anonymously{who}");
        yield return OptionSpec.Text(prefix + "password", null, $"Password for accessing the registry{who}");
        yield return OptionSpec.Text(prefix + "registry-token", null, $"Provide a Bearer token for accessing the registry{who}");
        if (withTls)
        {
            yield return new OptionSpec(prefix + "tls-verify", null, OptionKind.Bool, $"require HTTPS and verify certificates when talking to the container registry or daemon{who}");
        }

        yield return OptionSpec.Text(prefix + "username", null, $"Username for accessing the registry{who}");
    }

    public static OptionSpec RetryTimes => OptionSpec.Integer("retry-times", null, "the number of times to possibly retry");

    /// <summary>The access options of one side; refuses what Berth does not do (bearer tokens given on the command line).</summary>
    public static RegistryAccessOptions Parse(ParsedOptions o, string prefix)
    {
        if (o.Changed(prefix + "registry-token"))
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"--{prefix}registry-token is not supported by Berth: use --{prefix}creds or log in");
        }

        var creds = o.GetString(prefix + "creds");
        var username = o.GetString(prefix + "username");
        var password = o.GetString(prefix + "password");
        if (creds is not null && (username is not null || password is not null))
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"--{prefix}creds and --{prefix}username/--{prefix}password cannot be used together");
        }

        if (username is not null || password is not null)
        {
            creds = username is not null && password is not null
                ? $"{username}:{password}"
                : throw new BerthException(ErrorKind.InvalidArgument, $"--{prefix}username and --{prefix}password must be given together");
        }

        if (o.GetBool(prefix + "no-creds"))
        {
            if (creds is not null)
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"--{prefix}creds and --{prefix}no-creds cannot be used together");
            }

        }

        return new RegistryAccessOptions
        {
            AuthFile = o.GetString(prefix + "authfile") ?? (prefix.Length > 0 ? o.GetString("authfile") : null),
            CertDir = o.GetString(prefix + "cert-dir"),
            Credentials = creds,
            Anonymous = o.GetBool(prefix + "no-creds"),
            TlsVerify = o.Changed(prefix + "tls-verify") ? o.GetBool(prefix + "tls-verify") : null,
        };
    }
}
