using System.Text;
using Berth.Cli.CommandLine;
using Berth.Cli.Commands.Trust;
using Berth.Config;
using Berth.Templates;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>image trust show|set</c>: podman 4.3's view and editor of policy.json (cmd/podman/images/trust_*.go,
/// pkg/trust). <c>show</c> lists each requirement with the user IDs of its GPG keys (read from the key files directly,
/// where podman runs <c>gpg2 --with-colons</c>) and the lookaside signature store from registries.d; <c>set</c>
/// replaces the requirements of one scope through <see cref="PolicyConfigWriter"/>. Both take podman's hidden
/// <c>--policypath</c>; <c>show</c> also the hidden <c>--registrypath</c> (registries.d directory). The Go-compatible
/// readers behind <c>show</c> and <c>set</c> are in <c>Trust/</c>: <see cref="KeyIdentities"/>, <see cref="SignatureStores"/>,
/// <see cref="GoUrl"/> and <see cref="GoBase64"/>.
/// </summary>
public static class ImageTrustCommand
{
    private static readonly string[] HeaderFields = ["Transport", "RepoName", "Type", "GPGId", "SignatureStore"];

    // podman builds the header from images' imageReporter plus these overrides; only the overridden names are used.
    private static readonly Dictionary<string, string> HeaderOverrides = new(StringComparer.Ordinal)
    {
        ["Transport"] = "Transport",
        ["RepoName"] = "Name",
        ["Type"] = "Type",
        ["GPGId"] = "Id",
        ["SignatureStore"] = "Store",
    };

    private static readonly Dictionary<string, string> TypeDescriptions = new(StringComparer.Ordinal)
    {
        ["insecureAcceptAnything"] = "accept",
        ["signedBy"] = "signed",
        ["sigstoreSigned"] = "sigstoreSigned",
        ["reject"] = "reject",
    };

    /// <summary>The <c>trust</c> group with <c>show</c> and <c>set</c>, for <c>image</c>.</summary>
    public static CommandSpec Create() => new CommandSpec("trust", "Manage container image trust policy")
    {
        Description = "Manages which registries you trust as a source of container images based on their location.\n"
            + "The location is determined by the transport and the registry host of the image.  Using this container image "
            + "docker://quay.io/podman/stable as an example, docker is the transport and quay.io is the registry host.",
        Usage = "[command]",
    }.Add(Show(), Set());

    private static CommandSpec Show() => new("show", "Display trust policy for the system")
    {
        Usage = "[options] [REGISTRY]",
        Args = ArgsRule.AtMost(1),
        Options =
        [
            OptionSpec.Flag("json", 'j', "Output as json"),
            OptionSpec.Flag("noheading", 'n', "Do not print column headings"),
            new OptionSpec("policypath", null, OptionKind.String, "", Hidden: true),
            OptionSpec.Flag("raw", null, "Output raw policy file"),
            new OptionSpec("registrypath", null, OptionKind.String, "", Hidden: true),
        ],
        Action = ShowAsync,
    };

    private static CommandSpec Set() => new("set", "Set default trust policy or a new trust policy for a registry")
    {
        Description = "Set default trust policy or add a new trust policy for a registry",
        Usage = "[options] REGISTRY",
        Args = ArgsRule.Exactly(1),
        Options =
        [
            new OptionSpec("policypath", null, OptionKind.String, "", Hidden: true),
            OptionSpec.Slice("pubkeysfile", 'f', "Path of installed public key(s) to trust for TARGET.\n"
                + "Absolute path to keys is added to policy.json. May\n"
                + "used multiple times to define multiple public keys.\n"
                + "File(s) must exist before using this command"),
            OptionSpec.Text("type", 't', "Trust type, accept values: signedBy(default), accept, reject", "signedBy"),
        ],
        Action = SetAsync,
    };

    private static Task<int> ShowAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var environment = ConfigEnvironment.FromProcess();
        var policyPath = invocation.Options.GetString("policypath") is { Length: > 0 } p ? p : PolicyConfigWriter.TrustPolicyPath(environment);
        var raw = PolicyTrustReader.ReadFile(policyPath);
        if (invocation.Options.GetBool("raw"))
        {
            invocation.Out.Write(Encoding.UTF8.GetString(raw));
            invocation.Out.Write('\n');
            return Task.FromResult(0);
        }

        IReadOnlyList<PolicyTrustRequirement> requirements;
        try
        {
            requirements = PolicyTrustReader.Read(policyPath, raw);
        }
        catch (BerthException e)
        {
            throw new BerthException(e.Kind, "could not show trust policies: could not read trust policies: " + e.Message, e);
        }

        var registriesDir = invocation.Options.GetString("registrypath") is { Length: > 0 } r ? r : RegistriesDirectory(environment);
        SignatureStores stores;
        try
        {
            stores = SignatureStores.Load(registriesDir);
        }
        catch (BerthException e)
        {
            throw new BerthException(e.Kind, "could not show trust policies: could not show trust policies: " + e.Message, e);
        }

        var rows = requirements.Select(q => (object?)Describe(q, stores)).ToList();
        if (invocation.Options.GetBool("json"))
        {
            // podman: json.MarshalIndent of a nil slice when there is nothing to show.
            invocation.Out.Write(rows.Count == 0 ? "null" : GoJson.Serialize(new GoSlice("[]*trust.Policy", rows), escapeHtml: true, indent: "  "));
            invocation.Out.Write('\n');
            return Task.FromResult(0);
        }

        using var formatter = ReportFormatter.Create(invocation.Out, invocation.Command.Name,
            "{{range . }}{{.Transport}}\t{{.RepoName}}\t{{.Type}}\t{{.GPGId}}\t{{.SignatureStore}}\n{{end -}}",
            new ReportOptions { Origin = ReportOrigin.Podman, NoHeading = invocation.Options.GetBool("noheading"), HeaderOverrides = HeaderOverrides });
        formatter.WriteHeader(HeaderFields);
        formatter.Execute(new GoSlice("[]*trust.Policy", rows));
        return Task.FromResult(0);
    }

    private static Task<int> SetAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var scope = invocation.Arguments[0];
        if (GoUrl.ImageUriError(scope) is { } uriError)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"invalid image uri: {scope}: {uriError}");
        }

        var type = invocation.Options.GetString("type") ?? "signedBy";
        if (type is not ("accept" or "insecureAcceptAnything" or "reject" or "signedBy" or "sigstoreSigned"))
        {
            throw new UsageException($"invalid choice: {type} (choose from 'accept', 'reject', 'signedBy', 'sigstoreSigned')");
        }

        var policyPath = invocation.Options.GetString("policypath") is { Length: > 0 } p ? p : PolicyConfigWriter.TrustPolicyPath(ConfigEnvironment.FromProcess());
        PolicyConfigWriter.AddTrustEntries(policyPath, scope, type, invocation.Options.GetStrings("pubkeysfile"));
        return Task.FromResult(0);
    }

    /// <summary>podman's <c>RegistriesDirPath</c>: <c>$HOME/.config/containers/registries.d</c> when it exists (also for root).</summary>
    private static string RegistriesDirectory(ConfigEnvironment environment)
    {
        var user = Path.Combine(environment.Home, ".config", "containers", "registries.d");
        return Path.Exists(user) ? user : environment.SystemPath("/etc/containers/registries.d");
    }

    /// <summary>One row: podman's <c>trust.Policy</c>.</summary>
    private static GoStruct Describe(PolicyTrustRequirement requirement, SignatureStores stores)
    {
        var isDefault = requirement.Transport is null;
        if (!TypeDescriptions.TryGetValue(requirement.Type, out var type))
        {
            CliLog.Warn($"Invalid trust type {requirement.Type}");
            type = "";
        }

        var ids = requirement.Type switch
        {
            "signedBy" => string.Join(", ", SignedByIdentities(requirement)),
            "sigstoreSigned" => "N/A", // podman: not GPG fingerprints, so not shown.
            _ => "",
        };
        return new GoStruct("*trust.Policy",
            new GoField("Transport", "transport", isDefault ? "all" : requirement.Transport == "docker" ? "repository" : requirement.Transport),
            new GoField("Name", "name", isDefault ? "* (default)" : requirement.Scope, OmitEmpty: true),
            new GoField("RepoName", "repo_name", isDefault ? "default" : requirement.Scope, OmitEmpty: true),
            new GoField("Keys", "keys", null, OmitEmpty: true),
            new GoField("SignatureStore", "sigstore", stores.LookasideFor(requirement.Scope), OmitEmpty: true),
            new GoField("Type", "type", type),
            new GoField("GPGId", "gpg_id", ids, OmitEmpty: true));
    }

    private static IEnumerable<string> SignedByIdentities(PolicyTrustRequirement requirement)
    {
        var ids = new List<string>();
        if (requirement.KeyPath.Length > 0)
        {
            ids.AddRange(KeyIdentities.FromFile(requirement.KeyPath));
        }

        foreach (var path in requirement.KeyPaths)
        {
            ids.AddRange(KeyIdentities.FromFile(path));
        }

        if (requirement.KeyData.Length > 0)
        {
            if (GoBase64.Decode(requirement.KeyData, out var error) is { } keyring)
            {
                ids.AddRange(KeyIdentities.FromBytes(keyring, "keyData"));
            }
            else
            {
                TrustLog.Error($"{error}, error decoding key data");
            }
        }

        return ids;
    }
}
