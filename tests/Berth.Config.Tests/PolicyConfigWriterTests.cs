using System.Text;

namespace Berth.Config.Tests;

/// <summary>
/// <see cref="PolicyConfigWriter"/> and <see cref="PolicyTrustReader"/> against podman 4.3.1: every expected file below
/// is what <c>podman image trust set … --policypath FILE</c> wrote for the same input and arguments, every expected
/// error what <c>podman image trust show</c> printed after <c>Error: could not show trust policies: could not read
/// trust policies: </c>.
/// </summary>
public sealed class PolicyConfigWriterTests
{
    // The file of the task's example; podman keeps the compact inner arrays only until it rewrites the file.
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

    // Requirement types and members Berth does not model, escapes and numbers as written, an HTML character.
    private const string Mixed = """
        {
          "default": [{"type": "insecureAcceptAnything"}],
          "transports": {
            "docker-daemon": {"": [{"type": "insecureAcceptAnything"}]},
            "atomic": {"x.io": [{"type": "reject"}]},
            "docker": {
              "b.io": [{"type": "signedBaseLayer", "baseLayerIdentity": {"type": "exactRepository", "dockerRepository": "b.io/base"}}],
              "s.io": [{"type": "sigstoreSigned", "fulcio": {"caPath": "/ca.pem", "oidcIssuer": "https://o.example", "subjectEmail": "a&b@example.com"}, "rekorPublicKeyPath": "/r.pub", "signedIdentity": {"type": "matchRepository"}}],
              "u.io": [{"type": "futureType", "opaque": {"nested": [1, 2.50, true, null, "\u00e9<x>"], "empty": {}}}]
            }
          }
        }

        """;

    private const string MixedTail = """
                "docker": {
                    "b.io": [
                        {
                            "type": "signedBaseLayer",
                            "baseLayerIdentity": {
                                "type": "exactRepository",
                                "dockerRepository": "b.io/base"
                            }
                        }
                    ],
        """;

    private const string MixedRest = """
                    "s.io": [
                        {
                            "type": "sigstoreSigned",
                            "fulcio": {
                                "caPath": "/ca.pem",
                                "oidcIssuer": "https://o.example",
                                "subjectEmail": "a\u0026b@example.com"
                            },
                            "rekorPublicKeyPath": "/r.pub",
                            "signedIdentity": {
                                "type": "matchRepository"
                            }
                        }
                    ],
                    "u.io": [
                        {
                            "type": "futureType",
                            "opaque": {
                                "nested": [
                                    1,
                                    2.50,
                                    true,
                                    null,
                                    "\u00e9\u003cx\u003e"
                                ],
                                "empty": {}
                            }
                        }
                    ]
                },
                "docker-daemon": {
                    "": [
                        {
                            "type": "insecureAcceptAnything"
                        }
                    ]
                }
            }
        }
        """;

    [Fact]
    public void AddTrustEntries_SetDefault_WritesPodmanBytes()
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.Write("policy.json", Base);

        PolicyConfigWriter.AddTrustEntries(path, "default", "accept", []);

        Assert.Equal("""
            {
                "default": [
                    {
                        "type": "insecureAcceptAnything"
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
                        ]
                    }
                }
            }
            """, File.ReadAllText(path));
    }

    [Fact]
    public void AddTrustEntries_NewScopeWithKeys_AddsOneSignedByPerKeyUnderDocker()
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.Write("policy.json", Base);

        PolicyConfigWriter.AddTrustEntries(path, "registry.example.com/team", "signedBy", ["/keys/a.gpg", "/keys/b.gpg"]);

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
            """, File.ReadAllText(path));
    }

    [Fact]
    public void AddTrustEntries_ExistingScopeInAnotherTransport_ReplacedThereAndUnknownEntriesKeptVerbatim()
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.Write("policy.json", Mixed);

        PolicyConfigWriter.AddTrustEntries(path, "x.io", "accept", []);

        Assert.Equal("""
            {
                "default": [
                    {
                        "type": "insecureAcceptAnything"
                    }
                ],
                "transports": {
                    "atomic": {
                        "x.io": [
                            {
                                "type": "insecureAcceptAnything"
                            }
                        ]
                    },

            """ + MixedTail + "\n" + MixedRest, File.ReadAllText(path));
    }

    [Fact]
    public void AddTrustEntries_SigstoreKeyWithHtmlCharacters_EscapedLikeGo()
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.Write("policy.json", Mixed);

        PolicyConfigWriter.AddTrustEntries(path, "new.example.com/ns/repo", "sigstoreSigned", ["/keys/<k>&1.pub"]);

        Assert.Equal("""
            {
                "default": [
                    {
                        "type": "insecureAcceptAnything"
                    }
                ],
                "transports": {
                    "atomic": {
                        "x.io": [
                            {
                                "type": "reject"
                            }
                        ]
                    },

            """ + MixedTail + """

                        "new.example.com/ns/repo": [
                            {
                                "type": "sigstoreSigned",
                                "keyPath": "/keys/\u003ck\u003e\u00261.pub"
                            }
                        ],

            """ + MixedRest, File.ReadAllText(path));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void AddTrustEntries_MissingFile_CreatedWithDefaultOnlyAndMode0644()
    {
        using var tmp = new TempConfigRoot();
        var path = Path.Combine(tmp.Base, "new.json");

        PolicyConfigWriter.AddTrustEntries(path, "default", "reject", []);

        Assert.Equal("""
            {
                "default": [
                    {
                        "type": "reject"
                    }
                ]
            }
            """, File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(path));
    }

    [Theory]
    [InlineData("", "x.io", "default trust policy must be set")]
    [InlineData("null", "x.io", "default trust policy must be set")]
    [InlineData("{}", "x.io", "default trust policy must be set")]
    [InlineData("", "default", "could not read trust policies")]
    [InlineData("[1]", "default", "could not read trust policies")]
    [InlineData("{\"default\": [], \"transports\": []}", "x.io", "could not read trust policies")]
    [InlineData("{\"default\": [] } x", "x.io", "could not read trust policies")]
    public void AddTrustEntries_UnusableFile_PodmanErrorAndFileUntouched(string content, string scope, string message)
    {
        using var tmp = new TempConfigRoot();
        var path = Path.Combine(tmp.Base, "policy.json");
        if (content.Length > 0 || message.StartsWith("could not", StringComparison.Ordinal))
        {
            File.WriteAllText(path, content);
        }

        var e = Assert.Throws<BerthException>(() => PolicyConfigWriter.AddTrustEntries(path, scope, "accept", []));

        Assert.Equal(message, e.Message);
        Assert.Equal(File.Exists(path) ? content : null, File.Exists(path) ? File.ReadAllText(path) : null);
    }

    [Theory]
    [InlineData("accept", new[] { "/k" }, "1 public keys unexpectedly provided for trust type accept")]
    [InlineData("reject", new[] { "a", "b" }, "2 public keys unexpectedly provided for trust type reject")]
    [InlineData("signedBy", new string[0], "at least one public key must be defined for type 'signedBy'")]
    [InlineData("sigstoreSigned", new string[0], "at least one public key must be defined for type 'sigstoreSigned'")]
    public void AddTrustEntries_KeysDoNotFitType_PodmanError(string type, string[] keys, string message)
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.Write("policy.json", Base);

        var e = Assert.Throws<BerthException>(() => PolicyConfigWriter.AddTrustEntries(path, "docker.io", type, keys));

        Assert.Equal(message, e.Message);
        Assert.Equal(Base, File.ReadAllText(path));
    }

    [Fact]
    public void AddTrustEntries_NullsAndCaseFoldedNames_KeptAsGoDecodesThem()
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.Write("policy.json", "{\"DEFAULT\": null, \"extra\": 1, \"Transports\": {\"docker\": null, \"oci\": {}, \"atomic\": null}}");

        PolicyConfigWriter.AddTrustEntries(path, "x.io", "accept", []);

        // podman 4.3.1 wrote exactly this: unknown top-level members are dropped, a null default is kept.
        Assert.Equal("""
            {
                "default": null,
                "transports": {
                    "atomic": null,
                    "docker": {
                        "x.io": [
                            {
                                "type": "insecureAcceptAnything"
                            }
                        ]
                    },
                    "oci": {}
                }
            }
            """, File.ReadAllText(path));
    }

    [Fact]
    public void AddTrustEntries_MissingDirectory_ErrorAndNothingCreated()
    {
        using var tmp = new TempConfigRoot();
        var path = Path.Combine(tmp.Base, "nodir", "sub", "policy.json");

        var e = Assert.Throws<BerthException>(() => PolicyConfigWriter.AddTrustEntries(path, "default", "accept", []));

        Assert.Equal($"open {path}: no such file or directory", e.Message);
        Assert.False(Directory.Exists(Path.Combine(tmp.Base, "nodir")));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void AddTrustEntries_RepeatedWrites_LeaveNoTemporaryFilesAndKeepMode()
    {
        using var tmp = new TempConfigRoot();
        var directory = Path.Combine(tmp.Base, "etc");
        var path = TempConfigRoot.WriteFile(Path.Combine(directory, "policy.json"), Base);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        for (var i = 0; i < 5; i++)
        {
            PolicyConfigWriter.AddTrustEntries(path, $"r{i}.example.com", "reject", []);
        }

        Assert.Throws<BerthException>(() => PolicyConfigWriter.AddTrustEntries(path, "x.io", "signedBy", []));
        Assert.Equal(["policy.json"], Directory.GetFileSystemEntries(directory).Select(Path.GetFileName));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Contains("\"r4.example.com\": [", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void AddTrustEntries_Symlink_TargetReplacedLinkKept()
    {
        using var tmp = new TempConfigRoot();
        var target = tmp.Write("real/policy.json", Base);
        var link = Path.Combine(tmp.Base, "link.json");
        File.CreateSymbolicLink(link, target);

        PolicyConfigWriter.AddTrustEntries(link, "default", "accept", []);

        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.StartsWith("{\n    \"default\": [\n        {\n            \"type\": \"insecureAcceptAnything\"", File.ReadAllText(target), StringComparison.Ordinal);
    }

    [Fact]
    public void TrustPolicyPath_Root_SystemFileEvenWhenUserFileExists()
    {
        using var tmp = new TempConfigRoot();
        tmp.WriteHome(".config/containers/policy.json", "{}");

        Assert.Equal(tmp.Sys("/etc/containers/policy.json"), PolicyConfigWriter.TrustPolicyPath(tmp.Rootful()));
    }

    [Fact]
    public void TrustPolicyPath_RootlessWithUserFile_UserFileUnderXdgConfigHome()
    {
        using var tmp = new TempConfigRoot();
        tmp.WriteSystem("/etc/containers/policy.json", "{}");
        var user = tmp.Write("xdg/containers/policy.json", "{}");

        Assert.Equal(user, PolicyConfigWriter.TrustPolicyPath(tmp.Rootless(("XDG_CONFIG_HOME", Path.Combine(tmp.Base, "xdg")))));
    }

    [Fact]
    public void TrustPolicyPath_RootlessWithoutUserFile_SystemFileIfPresentElseUserPath()
    {
        using var tmp = new TempConfigRoot();
        var user = Path.Combine(tmp.Home, ".config", "containers", "policy.json");

        Assert.Equal(user, PolicyConfigWriter.TrustPolicyPath(tmp.Rootless()));
        var system = tmp.WriteSystem("/etc/containers/policy.json", "{}");
        Assert.Equal(system, PolicyConfigWriter.TrustPolicyPath(tmp.Rootless()));
    }

    [Fact]
    public void Read_MixedFile_DefaultFirstThenSortedTransportsAndScopes()
    {
        var requirements = PolicyTrustReader.Read("p.json", Encoding.UTF8.GetBytes(Mixed));

        Assert.Equal(
            ["-/:insecureAcceptAnything", "atomic/x.io:reject", "docker/b.io:signedBaseLayer", "docker/s.io:sigstoreSigned", "docker/u.io:futureType", "docker-daemon/:insecureAcceptAnything"],
            requirements.Select(r => $"{r.Transport ?? "-"}/{r.Scope}:{r.Type}"));
    }

    [Fact]
    public void Read_SignedByKeys_AllSourcesAndCaseFoldedNames()
    {
        var json = "{\"Default\": [null, {\"TYPE\": \"signedBy\", \"keyPath\": \"/a\", \"keypaths\": [\"/b\", null], \"keyData\": \"QUJD\", \"type\": null, \"x\": [1]}]}";

        var requirements = PolicyTrustReader.Read("p.json", Encoding.UTF8.GetBytes(json));

        Assert.Equal(2, requirements.Count);
        Assert.Equal(new PolicyTrustRequirement(null, "", "", "", [], ""), requirements[0] with { KeyPaths = [] });
        var signed = requirements[1];
        Assert.Equal(("signedBy", "/a", "QUJD"), (signed.Type, signed.KeyPath, signed.KeyData));
        Assert.Equal(["/b", ""], signed.KeyPaths);
    }

    [Theory]
    [InlineData("", "unexpected end of JSON input")]
    [InlineData("{\"default\": [1]}", "json: cannot unmarshal number into Go struct field policyContent.default of type trust.repoContent")]
    [InlineData("{\"default\": [{\"type\": 1}]}", "json: cannot unmarshal number into Go struct field repoContent.default.type of type string")]
    [InlineData("{\"transports\": {\"docker\": {\"x\": [{\"keyPaths\": \"a\"}]}}}", "json: cannot unmarshal string into Go struct field repoContent.transports.keyPaths of type []string")]
    [InlineData("[1]", "json: cannot unmarshal array into Go value of type trust.policyContent")]
    [InlineData("{\"default\": x}", "invalid character 'x' looking for beginning of value")]
    [InlineData("{\"default\": [] } x", "invalid character 'x' after top-level value")]
    [InlineData("{\"default\": [{\"type\":\"reject\"}], \"transports\": {\"docker\": []}}", "json: cannot unmarshal array into Go struct field policyContent.transports of type trust.repoMap")]
    [InlineData("{\"default\": [tru", "invalid character ' ' in literal true (expecting 'e')")]
    [InlineData("{\"default\": [1e", "invalid character ' ' in exponent of numeric literal")]
    [InlineData("{\"default\": [\"\\u12", "invalid character ' ' in \\u hexadecimal character escape")]
    [InlineData("{\"default\" 1}", "invalid character '1' after object key")]
    [InlineData("{,}", "invalid character ',' looking for beginning of object key string")]
    [InlineData("{\"a\":'x'}", "invalid character '\\'' looking for beginning of value")]
    [InlineData("{\"a\":\"\\x\"}", "invalid character 'x' in string escape code")]
    public void Read_InvalidFile_GoErrorMessage(string content, string message)
    {
        var e = Assert.Throws<BerthException>(() => PolicyTrustReader.Read("/p.json", Encoding.UTF8.GetBytes(content)));

        Assert.Equal("could not parse trust policies from /p.json: " + message, e.Message);
    }

    [Fact]
    public void ReadFile_Missing_GoOpenError()
    {
        var e = Assert.Throws<BerthException>(() => PolicyTrustReader.ReadFile("/nonexistent/policy.json"));

        Assert.Equal("open /nonexistent/policy.json: no such file or directory", e.Message);
    }
}
