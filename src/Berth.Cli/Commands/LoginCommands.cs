using Berth.Cli.CommandLine;
using Berth.Engine.Registries;

namespace Berth.Cli.Commands;

/// <summary><c>login</c> and <c>logout</c> (podman, buildah and skopeo share them).</summary>
public static class LoginCommands
{
    public static CommandSpec Login() => new("login", "Login to a container registry")
    {
        Description = "Login to a container registry on a specified server.",
        Usage = "[options] [REGISTRY]",
        Example = "{path} quay.io\n{path} --username ... --password ... quay.io\n{path} --authfile authdir/myauths.json quay.io",
        Args = ArgsRule.AtMost(1),
        Options =
        [
            OptionSpec.Text("authfile", null, "path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override"),
            OptionSpec.Text("cert-dir", null, "use certificates at the specified path to access the registry"),
            OptionSpec.Flag("get-login", null, "Return the current login user for the registry"),
            OptionSpec.Text("password", 'p', "Password for registry"),
            OptionSpec.Flag("password-stdin", null, "Take the password from stdin"),
            new OptionSpec("tls-verify", null, OptionKind.Bool, "Require HTTPS and verify certificates when contacting registries"),
            OptionSpec.Text("username", 'u', "Username for registry"),
            OptionSpec.Flag("verbose", 'v', "Write more detailed information to stdout"),
        ],
        Action = LoginAsync,
    };

    public static CommandSpec Logout() => new("logout", "Logout of a container registry")
    {
        Description = "Remove the cached username and password for the registry.",
        Usage = "[options] [REGISTRY]",
        Example = "{path} quay.io\n{path} --authfile authdir/myauths.json quay.io\n{path} --all",
        Args = ArgsRule.AtMost(1),
        Options =
        [
            OptionSpec.Flag("all", 'a', "Remove the cached credentials for all registries in the auth file"),
            OptionSpec.Text("authfile", null, "path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override"),
        ],
        Action = LogoutAsync,
    };

    private static async Task<int> LoginAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var service = new LoginService(EngineFactory.Create(invocation));
        var registry = invocation.Arguments.Count > 0 ? invocation.Arguments[0] : service.DefaultRegistry();
        var authFile = o.GetString("authfile");
        if (o.GetBool("get-login"))
        {
            invocation.Out.WriteLine(service.GetLogin(registry, authFile));
            return 0;
        }

        var username = o.GetString("username");
        var password = o.GetString("password");
        if (o.GetBool("password-stdin"))
        {
            if (password is not null)
            {
                throw new UsageException("--password and --password-stdin are mutually exclusive");
            }

            if (username is null)
            {
                throw new UsageException("must provide --username with --password-stdin");
            }

            password = (await Console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false)).TrimEnd('\n', '\r');
        }
        else if (username is not null && password is null && !Console.IsInputRedirected)
        {
            password = ReadPassword(invocation);
        }
        else if (username is null && password is not null && !Console.IsInputRedirected)
        {
            invocation.Error.Write("Username: ");
            username = Console.ReadLine();
        }

        var access = new RegistryAccessOptions
        {
            AuthFile = authFile,
            CertDir = o.GetString("cert-dir"),
            TlsVerify = o.Changed("tls-verify") ? o.GetBool("tls-verify") : null,
        };
        var outcome = await service.LoginAsync(registry, username, password, access, cancellationToken).ConfigureAwait(false);
        invocation.Out.WriteLine(outcome == LoginOutcome.AlreadyLoggedIn
            ? $"Authenticating with existing credentials for {LoginService.NormalizeKey(registry)}\nExisting credentials are valid. Already logged in to {LoginService.NormalizeKey(registry)}"
            : "Login Succeeded!");
        return 0;
    }

    private static string ReadPassword(Invocation invocation)
    {
        invocation.Error.Write("Password: ");
        invocation.Error.Flush();
        var sb = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (sb.Length > 0)
                {
                    sb.Length--;
                }

                continue;
            }

            sb.Append(key.KeyChar);
        }

        invocation.Error.WriteLine();
        return sb.ToString();
    }

    private static Task<int> LogoutAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var service = new LoginService(EngineFactory.Create(invocation));
        var authFile = o.GetString("authfile");
        if (o.GetBool("all"))
        {
            service.LogoutAll(authFile);
            invocation.Out.WriteLine("Removed login credentials for all registries");
            return Task.FromResult(0);
        }

        var registry = invocation.Arguments.Count > 0 ? invocation.Arguments[0] : service.DefaultRegistry();
        service.Logout(registry, authFile);
        invocation.Out.WriteLine($"Removed login credentials for {LoginService.NormalizeKey(registry)}");
        return Task.FromResult(0);
    }
}
