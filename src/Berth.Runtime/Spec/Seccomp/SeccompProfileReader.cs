using System.Text.Json;
using Berth.Oci;
using static Berth.Oci.Json.JsonValues;

namespace Berth.Runtime.Spec.Seccomp;

/// <summary>
/// Reads a seccomp profile file with <see cref="Utf8JsonReader"/> alone: the metadata System.Text.Json builds on
/// first use cost every container start ~2 ms. Same records and same refusals as
/// <c>JsonSerializer.Deserialize(json, SeccompJsonContext.Default.SeccompProfile)</c> (trailing commas allowed, as that
/// context does); the unit tests hold both to the same answers.
/// </summary>
public static class SeccompProfileReader
{
    /// <summary>The profile in <paramref name="json"/>; null when the document is JSON null.</summary>
    public static SeccompProfile? Read(ReadOnlySpan<byte> json) =>
        Document(json, new JsonReaderOptions { AllowTrailingCommas = true }, ReadProfile);

    private static SeccompProfile ReadProfile(ref Utf8JsonReader r)
    {
        ExpectObject(ref r, "$", "SeccompProfile");
        string? defaultAction = null, listenerPath = null;
        uint? defaultErrnoRet = null;
        List<string>? architectures = null, flags = null;
        List<SeccompArchMap>? archMap = null;
        List<SeccompRule>? syscalls = null;
        var hasDefaultAction = false;
        while (NextMember(ref r, "$") is { } name)
        {
            switch (name)
            {
                case "defaultAction": defaultAction = Text(ref r, "$.defaultAction"); hasDefaultAction = true; break;
                case "defaultErrnoRet": defaultErrnoRet = UInt32(ref r, "$.defaultErrnoRet"); break;
                case "architectures": architectures = Texts(ref r, "$.architectures"); break;
                case "archMap": archMap = List(ref r, "$.archMap", ReadArchMap); break;
                case "syscalls": syscalls = List(ref r, "$.syscalls", ReadRule); break;
                case "flags": flags = Texts(ref r, "$.flags"); break;
                case "listenerPath": listenerPath = Text(ref r, "$.listenerPath"); break;
                default: r.Skip(); break;
            }
        }

        Required("SeccompProfile", ("defaultAction", hasDefaultAction));
        return new SeccompProfile
        {
            DefaultAction = defaultAction!,
            DefaultErrnoRet = defaultErrnoRet,
            Architectures = architectures,
            ArchMap = archMap,
            Syscalls = syscalls,
            Flags = flags,
            ListenerPath = listenerPath,
        };
    }

    private static SeccompArchMap ReadArchMap(ref Utf8JsonReader r)
    {
        const string at = "$.archMap[]";
        ExpectObject(ref r, at, "SeccompArchMap");
        string? architecture = null;
        List<string>? subArchitectures = null;
        var hasArchitecture = false;
        while (NextMember(ref r, at) is { } name)
        {
            switch (name)
            {
                case "architecture": architecture = Text(ref r, at + ".architecture"); hasArchitecture = true; break;
                case "subArchitectures": subArchitectures = Texts(ref r, at + ".subArchitectures"); break;
                default: r.Skip(); break;
            }
        }

        Required("SeccompArchMap", ("architecture", hasArchitecture));
        return new SeccompArchMap { Architecture = architecture!, SubArchitectures = subArchitectures };
    }

    private static SeccompRule ReadRule(ref Utf8JsonReader r)
    {
        const string at = "$.syscalls[]";
        ExpectObject(ref r, at, "SeccompRule");
        string? ruleName = null, action = null;
        List<string>? names = null;
        uint? errnoRet = null;
        List<LinuxSeccompArg>? args = null;
        SeccompFilter? includes = null, excludes = null;
        var hasAction = false;
        while (NextMember(ref r, at) is { } name)
        {
            switch (name)
            {
                case "name": ruleName = Text(ref r, at + ".name"); break;
                case "names": names = Texts(ref r, at + ".names"); break;
                case "action": action = Text(ref r, at + ".action"); hasAction = true; break;
                case "errnoRet": errnoRet = UInt32(ref r, at + ".errnoRet"); break;
                case "args": args = List(ref r, at + ".args", ReadArg); break;
                case "includes": includes = r.TokenType == JsonTokenType.Null ? null : ReadFilter(ref r, at + ".includes"); break;
                case "excludes": excludes = r.TokenType == JsonTokenType.Null ? null : ReadFilter(ref r, at + ".excludes"); break;
                default: r.Skip(); break;
            }
        }

        Required("SeccompRule", ("action", hasAction));
        return new SeccompRule
        {
            Name = ruleName,
            Names = names,
            Action = action!,
            ErrnoRet = errnoRet,
            Args = args,
            Includes = includes,
            Excludes = excludes,
        };
    }

    private static LinuxSeccompArg ReadArg(ref Utf8JsonReader r)
    {
        const string at = "$.syscalls[].args[]";
        ExpectObject(ref r, at, "LinuxSeccompArg");
        uint index = 0;
        ulong value = 0, valueTwo = 0;
        string? op = null;
        bool hasIndex = false, hasValue = false, hasOp = false;
        while (NextMember(ref r, at) is { } name)
        {
            switch (name)
            {
                case "index": index = UInt32(ref r, at + ".index") ?? throw Mismatch(ref r, at + ".index", "a 32-bit unsigned integer"); hasIndex = true; break;
                case "value": value = UInt64(ref r, at + ".value") ?? throw Mismatch(ref r, at + ".value", "a 64-bit unsigned integer"); hasValue = true; break;
                case "valueTwo": valueTwo = UInt64(ref r, at + ".valueTwo") ?? throw Mismatch(ref r, at + ".valueTwo", "a 64-bit unsigned integer"); break;
                case "op": op = Text(ref r, at + ".op"); hasOp = true; break;
                default: r.Skip(); break;
            }
        }

        Required("LinuxSeccompArg", ("index", hasIndex), ("value", hasValue), ("op", hasOp));
        return new LinuxSeccompArg { Index = index, Value = value, ValueTwo = valueTwo, Op = op! };
    }

    private static SeccompFilter ReadFilter(ref Utf8JsonReader r, string at)
    {
        ExpectObject(ref r, at, "SeccompFilter");
        var filter = new SeccompFilter();
        while (NextMember(ref r, at) is { } name)
        {
            filter = name switch
            {
                "caps" => filter with { Caps = Texts(ref r, at + ".caps") },
                "arches" => filter with { Arches = Texts(ref r, at + ".arches") },
                "minKernel" => filter with { MinKernel = Text(ref r, at + ".minKernel") },
                _ => Skipped(ref r, filter),
            };
        }

        return filter;
    }
}
