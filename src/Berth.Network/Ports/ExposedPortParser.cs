namespace Berth.Network.Ports;

/// <summary>
/// Exposed ports as podman 4.3 reads them: <c>--expose</c> values (pkg/specgenutil verifyExpose, then CreateExpose:
/// <c>port[-end][/protocol]</c>) and, at create, those joined with the image's EXPOSE (pkg/specgen/generate
/// createPortMappings: tcp or udp, lower-cased, without duplicates).
/// </summary>
public static class ExposedPortParser
{
    /// <summary>
    /// <c>--expose</c> values → each port with the protocol text given for it (several joined by commas, "" = tcp),
    /// in the order given. Errors as podman's CLI gives them: first docker's nat.ParsePortRange over every value, then
    /// podman's own range rules.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<ushort, string>> ParseFlags(IReadOnlyList<string> values)
    {
        foreach (var value in values)
        {
            VerifyRange(value);
        }

        return CreateExpose(values, "");
    }

    /// <summary>
    /// The container's exposed ports: the image's (keys like "80/tcp") then <c>--expose</c>'s, checked and
    /// de-duplicated, ordered by port (podman keeps a map).
    /// </summary>
    public static IReadOnlyList<ExposedPort> Combine(IEnumerable<string>? imageExposed, IReadOnlyList<KeyValuePair<ushort, string>> flags)
    {
        var image = CreateExpose([.. imageExposed ?? []], "unable to convert image EXPOSE: ");
        var protocols = new SortedDictionary<ushort, List<string>>();
        foreach (var (port, protocol) in image.Concat(flags))
        {
            if (port == 0)
            {
                throw BerthException.InvalidArgument("cannot expose 0 as it is not a valid port number");
            }

            IReadOnlyList<string> checkedProtocols;
            try
            {
                checkedProtocols = PortProtocols.Check(protocol, allowSctp: false);
            }
            catch (BerthException e)
            {
                throw BerthException.InvalidArgument($"validating protocols for exposed port {port}: {e.Message}");
            }

            if (!protocols.TryGetValue(port, out var list))
            {
                protocols[port] = list = [];
            }

            list.AddRange(checkedProtocols.Where(p => !list.Contains(p)));
        }

        return [.. protocols.SelectMany(p => p.Value.Select(protocol => new ExposedPort(p.Key, protocol)))];
    }

    /// <summary>The stored "80/tcp" strings back as exposed ports (unreadable ones are skipped).</summary>
    public static IReadOnlyList<ExposedPort> FromConfig(IEnumerable<string> stored) =>
        [.. stored.Select(ExposedPort.TryParse).OfType<ExposedPort>()];

    /// <summary>podman's CreateExpose: port ranges expanded, protocols of a port repeated joined with commas.</summary>
    private static List<KeyValuePair<ushort, string>> CreateExpose(IReadOnlyList<string> values, string context)
    {
        var result = new List<KeyValuePair<ushort, string>>();
        var index = new Dictionary<ushort, int>();
        foreach (var value in values)
        {
            var split = value.Split('/');
            if (split.Length > 2)
            {
                throw BerthException.InvalidArgument(context + "invalid expose format - protocol can only be specified once");
            }

            var protocol = split.Length == 2 ? split[1] : PortProtocols.Tcp;
            (ushort start, ushort length) range;
            try
            {
                range = PortPublishParser.ParseRange(split[0], "");
            }
            catch (BerthException e) when (context.Length > 0)
            {
                throw BerthException.InvalidArgument(context + e.Message);
            }

            for (var i = 0; i < range.length; i++)
            {
                var port = (ushort)(range.start + i);
                if (index.TryGetValue(port, out var at))
                {
                    result[at] = new(port, result[at].Value + "," + protocol);
                }
                else
                {
                    index[port] = result.Count;
                    result.Add(new(port, protocol));
                }
            }
        }

        return result;
    }

    /// <summary>verifyExpose: docker's nat.SplitProtoPort and nat.ParsePortRange (only the first two parts of a range).</summary>
    private static void VerifyRange(string value)
    {
        var parts = value.Split('/');
        var port = value.Length == 0 || parts[0].Length == 0 ? "" : parts[0];
        string? error = null;
        if (port.Length == 0)
        {
            error = "Empty string specified for ports.";
        }
        else if (!port.Contains('-', StringComparison.Ordinal))
        {
            _ = GoText.TryParseUint16(port, out _, out error);
        }
        else
        {
            var range = port.Split('-');
            if (GoText.TryParseUint16(range[0], out var start, out error) && GoText.TryParseUint16(range[1], out var end, out error) && end < start)
            {
                error = $"Invalid range specified for the Port: {port}";
            }
        }

        if (!string.IsNullOrEmpty(error))
        {
            throw BerthException.InvalidArgument($"invalid range format for --expose: {value}: {error}");
        }
    }
}
