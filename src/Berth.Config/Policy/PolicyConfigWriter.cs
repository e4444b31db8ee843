namespace Berth.Config;

/// <summary>
/// <c>image trust set</c>: edits policy.json the way podman 4.3's <c>trust.AddPolicyEntries</c> does, byte for byte —
/// the requirements of one scope (or the default) are replaced, everything else under <c>default</c> and
/// <c>transports</c> is kept as written (requirement types Berth does not model included), and the document is written
/// as Go's <c>json.MarshalIndent(…, "", "    ")</c> (sorted transports and scopes, HTML characters escaped, no final
/// newline). Unlike podman, the file is replaced atomically (temp file in the same directory, fsync, rename) and keeps
/// its mode; like podman, a missing file is created (0644) but a missing directory is an error.
/// </summary>
public static partial class PolicyConfigWriter
{
    private const UnixFileMode NewFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode DirectoryMode = NewFileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>
    /// The policy file podman 4.3's <c>image trust</c> reads and writes when <c>--policypath</c> is not given: the
    /// engine's <c>SignaturePolicyPath</c> of containers/common 0.50. Root always uses <c>/etc/containers/policy.json</c>;
    /// rootless uses <c>$XDG_CONFIG_HOME/containers/policy.json</c> unless it is missing and the system file exists.
    /// (Pulls use <see cref="PolicyConfigLoader.Locate"/>, which also looks at <c>$HOME/.config</c> for root.)
    /// </summary>
    public static string TrustPolicyPath(ConfigEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var system = environment.SystemPath("/etc/containers/policy.json");
        if (environment.IsRoot)
        {
            return system;
        }

        var user = Path.Combine(environment.XdgConfigHome, "containers", "policy.json");
        return !Path.Exists(user) && Path.Exists(system) ? system : user;
    }

    /// <summary>
    /// Sets the requirements of <paramref name="scope"/> (<c>default</c> for the global default) to
    /// <paramref name="trustType"/>: <c>accept</c>/<c>insecureAcceptAnything</c> or <c>reject</c> without keys,
    /// <c>signedBy</c> (GPG keys) or <c>sigstoreSigned</c> with one requirement per key file, stored as given. An existing
    /// scope is replaced in whichever transport has it; a new one goes under <c>docker</c>.
    /// </summary>
    /// <exception cref="BerthException">podman's messages: wrong keys for the type, an unreadable or malformed file, no default
    /// requirement when setting a scope, a missing directory.</exception>
    public static void AddTrustEntries(string policyPath, string scope, string trustType, IReadOnlyList<string> publicKeyFiles)
    {
        ArgumentException.ThrowIfNullOrEmpty(policyPath);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(trustType);
        ArgumentNullException.ThrowIfNull(publicKeyFiles);
        var requirements = NewRequirements(trustType, publicKeyFiles);
        var policy = ReadGeneric(policyPath);
        if (scope == "default")
        {
            policy.Default = requirements;
        }
        else
        {
            if (policy.Default is null)
            {
                throw BerthException.InvalidArgument("default trust policy must be set");
            }

            // podman takes the first transport of a Go map walk (random order) that has the scope; Berth takes the
            // first in sorted order, which is the same whenever only one transport has it.
            var transports = policy.Transports ??= new Dictionary<string, Dictionary<string, string>?>(StringComparer.Ordinal);
            var holder = transports.Keys.Order(GoJsonRules.Utf8Order).FirstOrDefault(t => transports[t]?.ContainsKey(scope) == true);
            if (holder is not null)
            {
                transports[holder]![scope] = requirements;
            }
            else
            {
                (transports.TryGetValue("docker", out var docker) && docker is not null
                    ? docker
                    : transports["docker"] = new Dictionary<string, string>(StringComparer.Ordinal))[scope] = requirements;
            }
        }

        Write(policyPath, Marshal(policy));
    }

    /// <summary>The JSON podman writes for the new requirements (Go's compact <c>json.Marshal</c> of its repoContent list).</summary>
    private static string NewRequirements(string trustType, IReadOnlyList<string> keys)
    {
        var type = trustType == "accept" ? "insecureAcceptAnything" : trustType;
        switch (type)
        {
            case "insecureAcceptAnything" or "reject":
                return keys.Count != 0
                    ? throw BerthException.InvalidArgument($"{keys.Count} public keys unexpectedly provided for trust type {trustType}")
                    : $"[{{\"type\":\"{type}\"}}]";
            case "signedBy" or "sigstoreSigned":
                if (keys.Count == 0)
                {
                    throw BerthException.InvalidArgument($"at least one public key must be defined for type '{type}'");
                }

                var keyType = type == "signedBy" ? ",\"keyType\":\"GPGKeys\"" : "";
                // keyPath is omitempty in podman's struct: an empty name leaves the member out.
                return "[" + string.Join(',', keys.Select(k => $"{{\"type\":\"{type}\"{keyType}{(k.Length == 0 ? "" : ",\"keyPath\":" + GoJsonText.Quote(k))}}}")) + "]";
            default:
                throw BerthException.InvalidArgument($"unknown trust type {GoJsonText.Quote(trustType)}");
        }
    }

    private static void Write(string policyPath, byte[] content)
    {
        // os.WriteFile writes through a symlink; replace its target, not the link.
        var target = Path.GetFullPath(policyPath);
        try
        {
            if (File.ResolveLinkTarget(target, returnFinalTarget: true) is { } linked)
            {
                target = linked.FullName;
            }
        }
        catch (IOException)
        {
            // Not a link, or a link loop: write the path itself and let the write report the problem.
        }

        if (!Directory.Exists(Path.GetDirectoryName(target)))
        {
            // podman does not create the directory either.
            throw BerthException.NotFound($"open {policyPath}: no such file or directory");
        }

        var mode = NewFileMode;
        if (!OperatingSystem.IsWindows() && File.Exists(target))
        {
            mode = File.GetUnixFileMode(target);
        }

        try
        {
            AtomicFile.Write(target, content, mode, DirectoryMode);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw GoFileError("open", policyPath, e);
        }
    }

    /// <summary>An I/O failure in Go's words (<c>open PATH: permission denied</c>).</summary>
    internal static BerthException GoFileError(string operation, string path, Exception e)
    {
        if (Directory.Exists(path))
        {
            return BerthException.InvalidArgument($"read {path}: is a directory");
        }

        var reason = e switch
        {
            UnauthorizedAccessException => "permission denied",
            FileNotFoundException or DirectoryNotFoundException => "no such file or directory",
            _ => e.Message,
        };
        return new BerthException(e is FileNotFoundException or DirectoryNotFoundException ? ErrorKind.NotFound : ErrorKind.InvalidArgument,
            $"{operation} {path}: {reason}", e);
    }
}
