namespace Berth.Build.Containerfile;

/// <summary>
/// Which <c>--flags</c> each instruction accepts (BuildKit's set) and their checks: a bool flag is bare or
/// <c>=true</c>/<c>=false</c>; a string flag needs <c>=value</c> and may be given once; a list flag
/// (<c>--mount</c>, <c>--exclude</c>) may repeat. Errors use BuildKit's wording (<c>unknown flag: foo</c>).
/// </summary>
internal static class InstructionFlags
{
    private enum Kind
    {
        Bool,
        String,
        List,
    }

    private static readonly Dictionary<string, Dictionary<string, Kind>> Accepted = new(StringComparer.Ordinal)
    {
        ["FROM"] = new() { ["platform"] = Kind.String },
        ["RUN"] = new() { ["mount"] = Kind.List, ["network"] = Kind.String, ["security"] = Kind.String },
        ["COPY"] = new()
        {
            ["from"] = Kind.String, ["chown"] = Kind.String, ["chmod"] = Kind.String, ["link"] = Kind.Bool,
            ["parents"] = Kind.Bool, ["exclude"] = Kind.List,
        },
        ["ADD"] = new()
        {
            ["chown"] = Kind.String, ["chmod"] = Kind.String, ["link"] = Kind.Bool, ["keep-git-dir"] = Kind.Bool,
            ["checksum"] = Kind.String, ["exclude"] = Kind.List,
        },
        ["HEALTHCHECK"] = new()
        {
            ["interval"] = Kind.String, ["timeout"] = Kind.String, ["start-period"] = Kind.String,
            ["start-interval"] = Kind.String, ["retries"] = Kind.String,
        },
    };

    /// <summary>The flags of one instruction, checked. <paramref name="raw"/> are the words as the line split them
    /// (<c>--name=value</c>, quotes removed).</summary>
    public static List<InstructionFlag> Parse(string keyword, IReadOnlyList<string> raw)
    {
        var accepted = Accepted.GetValueOrDefault(keyword);
        var flags = new List<InstructionFlag>(raw.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in raw)
        {
            var text = word.StartsWith("--", StringComparison.Ordinal) ? word[2..] : word;
            var eq = text.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? text : text[..eq];
            var value = eq < 0 ? null : text[(eq + 1)..];
            if (accepted is null || !accepted.TryGetValue(name, out var kind))
            {
                throw new InstructionSyntaxException($"unknown flag: {name}");
            }

            if (!seen.Add(name) && kind != Kind.List)
            {
                throw new InstructionSyntaxException($"duplicate flag specified: {name}");
            }

            switch (kind)
            {
                case Kind.Bool when value is not null:
                    if (value.Length == 0)
                    {
                        throw new InstructionSyntaxException($"missing a value on flag: {name}");
                    }

                    if (!value.Equals("true", StringComparison.OrdinalIgnoreCase) && !value.Equals("false", StringComparison.OrdinalIgnoreCase))
                    {
                        throw new InstructionSyntaxException($"expecting boolean value for flag {name}, not: {value}");
                    }

                    value = value.ToLowerInvariant();
                    break;
                case Kind.String or Kind.List when value is null:
                    throw new InstructionSyntaxException($"missing a value on flag: {name}");
            }

            flags.Add(new InstructionFlag(name, value));
        }

        return flags;
    }
}
