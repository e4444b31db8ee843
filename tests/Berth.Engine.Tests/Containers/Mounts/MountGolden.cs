using System.Text;
using System.Text.Json;
using Berth.Engine.Containers;
using Berth.Engine.Containers.Mounts;

namespace Berth.Engine.Tests.Containers.Mounts;

/// <summary>One line of Golden/mounts/cases.txt with podman 4.3.1's answer (results.txt) and, when it succeeded, ok/N.json.</summary>
public sealed record MountCase(int Number, string Line, int ExitCode, string Stderr)
{
    public IReadOnlyList<string> Words => MountGolden.ShellWords(Line);

    /// <summary>podman's "Error: …" line without the prefix.</summary>
    public string? Error => Stderr.Split('\n').FirstOrDefault(l => l.StartsWith("Error: ", StringComparison.Ordinal))?["Error: ".Length..];

    public JsonElement Recorded => MountGolden.Recorded(Number);

    public override string ToString() => $"{Number}: {Line}";
}

public static class MountGolden
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Golden", "mounts");

    public static IReadOnlyList<MountCase> Cases { get; } = Load();

    public static MountCase Case(string line) => Cases.Single(c => c.Line == line);

    public static JsonElement Recorded(int number)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "ok", $"{number}.json")));
        return doc.RootElement.Clone();
    }

    /// <summary>The fake host of the recording: /tmp/mf-host with dir/, rel/sub/ and file, devices /dev/null and /dev/zero.</summary>
    public static MountHost Host { get; } = new()
    {
        WorkingDirectory = "/tmp/mf-host",
        FileSystemFlags = p => Kind(p) == HostPathKind.Missing ? null : new SourceFlags(false, false, false),
        Kind = Kind,
    };

    private static HostPathKind Kind(string path) => path switch
    {
        "/tmp/mf-host" or "/tmp/mf-host/dir" or "/tmp/mf-host/rel" or "/tmp/mf-host/rel/sub" or "/tmp" or "/dev/shm" or "/" => HostPathKind.Directory,
        "/tmp/mf-host/file" => HostPathKind.Other,
        "/dev/null" or "/dev/zero" => HostPathKind.Device,
        _ => HostPathKind.Missing,
    };

    /// <summary>The case's flags parsed against <see cref="Host"/>, with src1 of the recording for --volumes-from.</summary>
    public static ParsedMounts Parse(MountCase c)
    {
        var words = c.Words;
        var sources = new List<VolumesFromSource>();
        for (var i = 0; i < words.Count - 1; i++)
        {
            if (words[i] == "--volumes-from")
            {
                sources.Add(new VolumesFromSource(VolumesFromSpec.Parse(words[i + 1]), SourceId, Source));
            }
        }

        return MountFlagParser.Parse(Flags(words), Host, sources);
    }

    /// <summary>The container --volumes-from cases take from (record.sh's src1), as Berth would have stored it.</summary>
    public static ContainerConfig Source { get; } = SourceConfig();

    /// <summary>src1's ID in the recording (named in podman's warning).</summary>
    public static string SourceId => Case("--volumes-from src1").Stderr.Split("from container ")[1].Split(' ')[0];

    private static ContainerConfig SourceConfig()
    {
        var parsed = MountFlagParser.Parse(
            new MountFlags { Volumes = ["srcvol:/fromsrc", "/tmp/mf-host/dir:/frombind:ro"], Tmpfs = ["/fromtmpfs"] }, Host);
        return new ContainerConfig
        {
            Id = SourceId,
            Created = DateTimeOffset.UnixEpoch,
            NamedVolumes = parsed.NamedVolumes,
            Mounts = parsed.Mounts,
            UserVolumes = parsed.UserVolumes,
        };
    }

    /// <summary>The mount flags of a case's words (-v, --mount, --tmpfs, --device, --read-only[-tmpfs]).</summary>
    public static MountFlags Flags(IReadOnlyList<string> words)
    {
        List<string> volumes = [], mounts = [], tmpfs = [], devices = [];
        var flags = new MountFlags();
        for (var i = 0; i < words.Count; i++)
        {
            switch (words[i])
            {
                case "-v": volumes.Add(words[++i]); break;
                case "--mount": mounts.Add(words[++i]); break;
                case "--tmpfs": tmpfs.Add(words[++i]); break;
                case "--device": devices.Add(words[++i]); break;
                case "--volumes-from": i++; break;
                case "--read-only": flags = flags with { ReadOnly = true }; break;
                case "--read-only-tmpfs=false": flags = flags with { ReadOnlyTmpfs = false }; break;
                default: throw new InvalidOperationException("unexpected word " + words[i]);
            }
        }

        return flags with { Volumes = volumes, Mounts = mounts, Tmpfs = tmpfs, Devices = devices };
    }

    /// <summary>POSIX shell words with single quotes (all cases.txt uses).</summary>
    public static IReadOnlyList<string> ShellWords(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\'')
            {
                var end = line.IndexOf('\'', i + 1);
                word.Append(line, i + 1, end - i - 1);
                i = end;
                inWord = true;
            }
            else if (c == ' ')
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    private static List<MountCase> Load()
    {
        var lines = File.ReadAllLines(Path.Combine(Directory, "cases.txt"));
        var results = File.ReadAllText(Path.Combine(Directory, "results.txt")).Split("### ", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines.Length, results.Length);
        var cases = new List<MountCase>();
        for (var i = 0; i < lines.Length; i++)
        {
            var body = results[i].Split('\n', 3);
            Assert.Equal(lines[i], body[0]);
            cases.Add(new MountCase(i + 1, lines[i], int.Parse(body[1], System.Globalization.CultureInfo.InvariantCulture), body.Length > 2 ? body[2].TrimEnd('\n') : ""));
        }

        return cases;
    }
}
