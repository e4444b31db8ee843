using System.Text.RegularExpressions;

namespace Berth.E2E.Tests;

/// <summary>
/// <c>berth image trust show|set --policypath FILE</c> against outputs recorded from podman 4.3.1 for the same files and
/// arguments (podman ran with a <c>gpg2</c> on PATH for the key IDs; without one it shows no IDs at all).
/// </summary>
public sealed partial class ImageTrustTests
{
    private const string Base = """
        {
            "default": [
                {
                    "type": "reject"
                }
            ],
            "transports": {
                "docker": {
                    "quay.io/foo": [{"type": "insecureAcceptAnything"}],
                    "docker.io": [{"type": "reject"}]
                }
            }
        }

        """;

    // ASCII-armored ed25519 key with the user ID "Carol <carol@example.org>" (gpg --quick-gen-key).
    private const string CarolArmored = """
        -----BEGIN PGP PUBLIC KEY BLOCK-----

        mDMEawsrehYJKwYBBAHaRw8BAQdAhqsqcliialhRrwiYNB3WqLs0Y74UE41PlXvP
        RMBgzbO0GUNhcm9sIDxjYXJvbEBleGFtcGxlLm9yZz6IkAQTFggAOBYhBDtAWt01
        WkyAobNrR9USvcuRHiHJBQJrCyt6AhsDBQsJCAcCBhUKCQgLAgQWAgMBAh4BAheA
        AAoJENUSvcuRHiHJ4e8A/iGcPPf1d5ZRzVjkCWFdEbSv6+n3qc+dYVHeVjmnkepG
        APwMe8CCHMvOcgAtuot2ZkSo11wGgxz8NtcCIrrgGWFFAA==
        =g+Yy
        -----END PGP PUBLIC KEY BLOCK-----

        """;

    // The same key in binary form, as keyData (base64).
    private const string CarolKeyData = "mDMEawsrehYJKwYBBAHaRw8BAQdAhqsqcliialhRrwiYNB3WqLs0Y74UE41PlXvPRMBgzbO0GUNhcm9sIDxjYXJvbEBleGFtcGxlLm9yZz6IkAQTFggAOBYhBDtAWt01WkyAobNrR9USvcuRHiHJBQJrCyt6AhsDBQsJCAcCBhUKCQgLAgQWAgMBAh4BAheAAAoJENUSvcuRHiHJ4e8A/iGcPPf1d5ZRzVjkCWFdEbSv6+n3qc+dYVHeVjmnkepGAPwMe8CCHMvOcgAtuot2ZkSo11wGgxz8NtcCIrrgGWFFAA==";

    // Three user IDs: 'Dä:ve \ "x" <dave@ex:ample.com>', 'second <second@example.com>', 'revoked-one' (revoked).
    private const string DaveArmored = """
        -----BEGIN PGP PUBLIC KEY BLOCK-----

        mDMEawsr7BYJKwYBBAHaRw8BAQdAxD3EQf6u/Inhi12UfOZaJsz1gfIa1N59Di7F
        kx9l+a20IETDpDp2ZSBcICJ4IiA8ZGF2ZUBleDphbXBsZS5jb20+iJAEExYIADgW
        IQTXh9i5pJ07Whocj/zWcSI35tOxSAUCawsr7AIbAwULCQgHAgYVCgkICwIEFgID
        AQIeAQIXgAAKCRDWcSI35tOxSATHAPwKiQz/XTiEZHp3UFEGhSVn67Q6NKUbD9oX
        L2UeW5wMCgEAy0/q18LC74ZeKB1yUOpoP/yDBDGtnH0xO/vy37eJ2Am0G3NlY29u
        ZCA8c2Vjb25kQGV4YW1wbGUuY29tPoiQBBMWCAA4FiEE14fYuaSdO1oaHI/81nEi
        N+bTsUgFAmsLK+wCGwMFCwkIBwIGFQoJCAsCBBYCAwECHgECF4AACgkQ1nEiN+bT
        sUjREQD/RkgRpLHoIo9yS3tSNhgZ8ZbsJp6EZ/pcZ0M/5N29B6sA/jK+BsUidjoy
        NZscATGNvdNxkgkwJkWE65FT41oHuOgAtAtyZXZva2VkLW9uZYh4BDAWCAAgFiEE
        14fYuaSdO1oaHI/81nEiN+bTsUgFAmsLK+0CHSAACgkQ1nEiN+bTsUjX6wD+Mt31
        9r74NZjPdRBzYhsj3Uv8M/CbwV0B72OJQZAJUbQBANuapVsP8bixByXVGIzVL1tx
        yiasp3oQqzqWyGWdvaQCiJAEExYIADgWIQTXh9i5pJ07Whocj/zWcSI35tOxSAUC
        awsr7AIbAwULCQgHAgYVCgkICwIEFgIDAQIeAQIXgAAKCRDWcSI35tOxSP6MAP9/
        tm/LxniJSkOy8a6W9qiCa+u4sWWAuF1Rq1LE/NWVCgD/Yv4S/n2Lxjqaf6jcuDKt
        nJRoA9ZGGmuJL8TMvvJutQk=
        =4zK6
        -----END PGP PUBLIC KEY BLOCK-----

        """;

    [GeneratedRegex("time=\"[^\"]*\"")]
    private static partial Regex LogTime();

    [Fact]
    public void Show_Table_MatchesPodman()
    {
        using var dir = new TempDir();
        var policy = dir.Write("policy.json", Base);

        var r = Trust(dir, "show", "--policypath", policy);

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(
            "TRANSPORT   NAME         TYPE        ID          STORE\n"
            + "all         default      reject                  \n"
            + "repository  docker.io    reject                  \n"
            + "repository  quay.io/foo  accept                  \n", r.Stdout);
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public void Show_NoHeading_RowsOnly()
    {
        using var dir = new TempDir();
        var policy = dir.Write("policy.json", Base);

        var r = Trust(dir, "show", "-n", "--policypath", policy);

        Assert.Equal(
            "all         default      reject                  \n"
            + "repository  docker.io    reject                  \n"
            + "repository  quay.io/foo  accept                  \n", r.Stdout);
    }

    [Fact]
    public void Show_Json_MatchesPodman()
    {
        using var dir = new TempDir();
        var policy = dir.Write("policy.json", Base);

        var r = Trust(dir, "show", "--json", "--policypath", policy);

        Assert.Equal("""
            [
              {
                "transport": "all",
                "name": "* (default)",
                "repo_name": "default",
                "type": "reject"
              },
              {
                "transport": "repository",
                "name": "docker.io",
                "repo_name": "docker.io",
                "type": "reject"
              },
              {
                "transport": "repository",
                "name": "quay.io/foo",
                "repo_name": "quay.io/foo",
                "type": "accept"
              }
            ]

            """, r.Stdout);
    }

    [Fact]
    public void Show_Raw_FileAndNewline()
    {
        using var dir = new TempDir();
        var policy = dir.Write("policy.json", Base);

        var r = Trust(dir, "show", "--raw", "--policypath", policy);

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(Base + "\n", r.Stdout);
    }

    [Fact]
    public void Show_KeysSigstoreAndRegistriesD_IdsAndStoresLikePodman()
    {
        using var dir = new TempDir();
        var carol = dir.Write("keys/carol.asc", CarolArmored);
        var dave = dir.Write("keys/dave.asc", DaveArmored);
        var policy = dir.Write("policy.json", $$"""
            {
                "default": [{"type": "signedBy", "keyType": "GPGKeys", "keyPaths": ["{{carol}}", "{{dave}}"]}],
                "transports": {
                    "docker": {
                        "k.io/team": [{"type": "signedBy", "keyType": "GPGKeys", "keyData": "{{CarolKeyData}}"}],
                        "quay.io": [{"type": "sigstoreSigned", "keyPath": "/nonexistent/cosign.pub"}],
                        "docker.io": [{"type": "reject"}]
                    }
                }
            }
            """);
        dir.Write("registries.d/default.yaml", """
            default-docker:
              lookaside: file:///var/lib/containers/sigstore
            docker:
              k.io:
                sigstore: https://sigs.k.example/store
            """);
        dir.Write("registries.d/ignored.yml", "default-docker:\n  lookaside: https://not-read\n");

        var table = Trust(dir, "show", "--policypath", policy, "--registrypath", Path.Combine(dir.Path, "registries.d"));
        var json = Trust(dir, "show", "-j", "--policypath", policy, "--registrypath", Path.Combine(dir.Path, "registries.d"));

        Assert.Equal(
            "TRANSPORT   NAME        TYPE            ID                                                                        STORE\n"
            + "all         default     signed          carol@example.org, dave@ex\\x3aample.com, second@example.com, revoked-one  file:///var/lib/containers/sigstore\n"
            + "repository  docker.io   reject                                                                                    file:///var/lib/containers/sigstore\n"
            + "repository  k.io/team   signed          carol@example.org                                                         https://sigs.k.example/store\n"
            + "repository  quay.io     sigstoreSigned  N/A                                                                       file:///var/lib/containers/sigstore\n",
            table.Stdout);
        Assert.Equal("", table.Stderr);
        Assert.Contains("""
              {
                "transport": "all",
                "name": "* (default)",
                "repo_name": "default",
                "sigstore": "file:///var/lib/containers/sigstore",
                "type": "signed",
                "gpg_id": "carol@example.org, dave@ex\\x3aample.com, second@example.com, revoked-one"
              },
            """, json.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_UnknownTypesAndMissingKey_EmptyCellsAndLogLines()
    {
        using var dir = new TempDir();
        var missing = Path.Combine(dir.Path, "missing.gpg");
        var policy = dir.Write("policy.json", $$"""
            {"default": [{"type": "insecureAcceptAnything"}],
             "transports": {"docker-daemon": {"": [{"type": "insecureAcceptAnything"}]},
                            "docker": {"b.io": [{"type": "signedBaseLayer", "baseLayerIdentity": {"type": "matchRepository"} }],
                                       "c.io": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "{{missing}}"}]} } }
            """);

        var r = Trust(dir, "show", "--policypath", policy);

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(
            "TRANSPORT      NAME        TYPE        ID          STORE\n"
            + "all            default     accept                  \n"
            + "repository     b.io                                \n"
            + "repository     c.io        signed                  \n"
            + "docker-daemon              accept                  \n", r.Stdout);
        Assert.Equal(
            "time=\"T\" level=warning msg=\"Invalid trust type signedBaseLayer\"\n"
            + $"time=\"T\" level=error msg=\"Getting key identity: open {missing}: no such file or directory\"\n",
            LogTime().Replace(r.Stderr, "time=\"T\""));
    }

    [Theory]
    [InlineData("", "unexpected end of JSON input")]
    [InlineData("{\"default\": x}", "invalid character 'x' looking for beginning of value")]
    [InlineData("{\"default\": [{\"type\": 1}]}", "json: cannot unmarshal number into Go struct field repoContent.default.type of type string")]
    public void Show_MalformedFile_PodmanError(string content, string goError)
    {
        using var dir = new TempDir();
        var policy = dir.Write("policy.json", content);

        var r = Trust(dir, "show", "--policypath", policy);

        Assert.Equal(125, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Equal($"Error: could not show trust policies: could not read trust policies: could not parse trust policies from {policy}: {goError}\n", r.Stderr);
    }

    [Fact]
    public void Show_MissingFileOrTooManyArguments_Errors()
    {
        using var dir = new TempDir();
        var missing = Path.Combine(dir.Path, "none.json");

        var r = Trust(dir, "show", "--raw", "--policypath", missing);
        var args = Trust(dir, "show", "a", "b", "--policypath", missing);

        Assert.Equal((125, $"Error: open {missing}: no such file or directory\n"), (r.ExitCode, r.Stderr));
        Assert.Equal((125, "Error: accepts at most 1 arg(s), received 2\n"), (args.ExitCode, args.Stderr));
    }

    [Fact]
    public void Set_ScopeWithKeys_FileBytesEqualPodmans()
    {
        using var dir = new TempDir();
        var policy = dir.Write("policy.json", Base);

        var r = Trust(dir, "set", "-f", "/keys/a.gpg", "--pubkeysfile", "/keys/b.gpg", "registry.example.com/team", "--policypath", policy);

        Assert.Equal((0, "", ""), (r.ExitCode, r.Stdout, r.Stderr));
        Assert.Equal("""
            {
                "default": [
                    {
                        "type": "reject"
                    }
                ],
                "transports": {
                    "docker": {
                        "docker.io": [
                            {
                                "type": "reject"
                            }
                        ],
                        "quay.io/foo": [
                            {
                                "type": "insecureAcceptAnything"
                            }
                        ],
                        "registry.example.com/team": [
                            {
                                "type": "signedBy",
                                "keyType": "GPGKeys",
                                "keyPath": "/keys/a.gpg"
                            },
                            {
                                "type": "signedBy",
                                "keyType": "GPGKeys",
                                "keyPath": "/keys/b.gpg"
                            }
                        ]
                    }
                }
            }
            """, File.ReadAllText(policy));
        Assert.Equal(["policy.json"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Set_DefaultOnMissingFile_CreatesFileThenShowReadsIt()
    {
        using var dir = new TempDir();
        var policy = Path.Combine(dir.Path, "new.json");

        var set = Trust(dir, "set", "--type", "reject", "default", "--policypath", policy);
        var show = Trust(dir, "show", "--policypath", policy);

        Assert.Equal(0, set.ExitCode);
        Assert.Equal("{\n    \"default\": [\n        {\n            \"type\": \"reject\"\n        }\n    ]\n}", File.ReadAllText(policy));
        Assert.Equal("TRANSPORT   NAME        TYPE        ID          STORE\nall         default     reject                  \n", show.Stdout);
    }

    [Theory]
    [InlineData(new[] { "-t", "bogus", "docker.io" }, "invalid choice: bogus (choose from 'accept', 'reject', 'signedBy', 'sigstoreSigned')")]
    [InlineData(new[] { "docker.io" }, "at least one public key must be defined for type 'signedBy'")]
    [InlineData(new[] { "-t", "accept", "-f", "/k1,/k2", "docker.io" }, "2 public keys unexpectedly provided for trust type accept")]
    [InlineData(new[] { "-t", "accept", "a b" }, "invalid image uri: a b: parse \"http://a b\": invalid character \" \" in host name")]
    [InlineData(new[] { "-t", "accept", "a:bc/x" }, "invalid image uri: a:bc/x: parse \"http://a:bc/x\": invalid port \":bc\" after host")]
    [InlineData(new[] { "-t", "accept", "/foo" }, "invalid image uri: /foo: %!w(<nil>)")]
    [InlineData(new[] { "-t", "accept" }, "accepts 1 arg(s), received 0")]
    public void Set_InvalidInput_PodmanErrorAndFileUnchanged(string[] args, string message)
    {
        using var dir = new TempDir();
        var policy = dir.Write("policy.json", Base);

        var r = Trust(dir, ["set", .. args, "--policypath", policy]);

        Assert.Equal((125, "", $"Error: {message}\n"), (r.ExitCode, r.Stdout, r.Stderr));
        Assert.Equal(Base, File.ReadAllText(policy));
    }

    [Fact]
    public void Set_ScopeWithoutDefault_PodmanError()
    {
        using var dir = new TempDir();
        var policy = dir.Write("policy.json", "{}");

        var r = Trust(dir, "set", "-t", "accept", "x.io", "--policypath", policy);

        Assert.Equal((125, "Error: default trust policy must be set\n"), (r.ExitCode, r.Stderr));
    }

    [Fact]
    public void Help_HiddenPolicyPath_PodmanText()
    {
        using var dir = new TempDir();

        var show = Trust(dir, "show", "--help");
        var set = Trust(dir, "set", "--help");
        var group = Trust(dir);

        Assert.Equal("""
            Display trust policy for the system

            Description:
              Display trust policy for the system

            Usage:
              berth image trust show [options] [REGISTRY]

            Options:
              -j, --json        Output as json
              -n, --noheading   Do not print column headings
                  --raw         Output raw policy file


            """, show.Stdout);
        Assert.Equal("""
            Set default trust policy or a new trust policy for a registry

            Description:
              Set default trust policy or add a new trust policy for a registry

            Usage:
              berth image trust set [options] REGISTRY

            Options:
              -f, --pubkeysfile strings   Path of installed public key(s) to trust for TARGET.
                                          Absolute path to keys is added to policy.json. May
                                          used multiple times to define multiple public keys.
                                          File(s) must exist before using this command
              -t, --type string           Trust type, accept values: signedBy(default), accept, reject (default "signedBy")


            """, set.Stdout);
        Assert.Equal((125, "Error: missing command 'berth image trust COMMAND'\n"), (group.ExitCode, group.Stderr));
    }

    /// <summary>
    /// Runs <c>berth image trust ARGS</c> with HOME in the test directory; <c>show</c> reads an empty registries.d unless
    /// the test names one, so the host's /etc/containers/registries.d does not change the STORE column.
    /// </summary>
    private static RunResult Trust(TempDir dir, params string[] args)
    {
        if (args is ["show", ..] && !args.Contains("--registrypath"))
        {
            args = [.. args, "--registrypath", Path.Combine(dir.Path, "no-registries.d")];
        }

        return BerthRunner.RunWithEnv(new Dictionary<string, string?> { ["HOME"] = dir.Path, ["XDG_CONFIG_HOME"] = null }, ["image", "trust", .. args]);
    }
}
