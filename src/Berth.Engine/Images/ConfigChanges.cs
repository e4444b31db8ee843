using System.Text.Json;
using Berth.Oci;

namespace Berth.Engine.Images;

/// <summary>
/// podman's <c>--change</c> instructions (import, commit): CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, USER, WORKDIR, VOLUME,
/// STOPSIGNAL applied to an image config, with podman's "invalid change" messages.
/// </summary>
public static class ConfigChanges
{
    public static ContainerConfig Apply(ContainerConfig config, IEnumerable<string> changes)
    {
        foreach (var change in changes)
        {
            var trimmed = change.Trim();
            var space = trimmed.IndexOfAny([' ', '\t', '=']);
            var instruction = (space < 0 ? trimmed : trimmed[..space]).ToUpperInvariant();
            var value = space < 0 ? "" : trimmed[(space + 1)..].Trim();
            config = instruction switch
            {
                "CMD" => config with { Cmd = Command(value) },
                "ENTRYPOINT" => config with { Entrypoint = Command(value) },
                "ENV" => config with { Env = WithEnv(config.Env, value, change) },
                "EXPOSE" => config with { ExposedPorts = WithKeys(config.ExposedPorts, value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Contains('/', StringComparison.Ordinal) ? p : p + "/tcp")) },
                "LABEL" => config with { Labels = WithLabels(config.Labels, value, change) },
                "USER" => config with { User = value },
                "WORKDIR" => config with { WorkingDir = value },
                "VOLUME" => config with { Volumes = WithKeys(config.Volumes, value.StartsWith('[') ? JsonList(value) : value.Split(' ', StringSplitOptions.RemoveEmptyEntries)) },
                "STOPSIGNAL" => config with { StopSignal = value },
                _ => throw new BerthException(ErrorKind.InvalidArgument, $"invalid change \"{change}\" - invalid instruction {instruction}"),
            };
        }

        return config;
    }

    /// <summary>JSON form as given; shell form runs through /bin/sh -c.</summary>
    private static IReadOnlyList<string> Command(string value) =>
        value.StartsWith('[') ? JsonList(value) : ["/bin/sh", "-c", value];

    private static IReadOnlyList<string> JsonList(string value)
    {
        try
        {
            return JsonSerializer.Deserialize(value, ChangesJsonContext.Default.ListString) ?? [];
        }
        catch (JsonException)
        {
            return ["/bin/sh", "-c", value];
        }
    }

    private static IReadOnlyList<string> WithEnv(IReadOnlyList<string>? env, string value, string change)
    {
        var eq = value.IndexOf('=', StringComparison.Ordinal);
        var sp = value.IndexOf(' ', StringComparison.Ordinal);
        var (key, v) = eq > 0 && (sp < 0 || eq < sp) ? (value[..eq], value[(eq + 1)..]) : sp > 0 ? (value[..sp], value[(sp + 1)..]) : throw new BerthException(ErrorKind.InvalidArgument, $"invalid change \"{change}\" - ENV needs a name and a value");
        var list = (env ?? []).Where(e => !e.StartsWith(key + "=", StringComparison.Ordinal)).ToList();
        list.Add($"{key}={v.Trim('"')}");
        return list;
    }

    private static IReadOnlyDictionary<string, string> WithLabels(IReadOnlyDictionary<string, string>? labels, string value, string change)
    {
        var result = new Dictionary<string, string>(labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        var eq = value.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"invalid change \"{change}\" - LABEL needs key=value");
        }

        result[value[..eq].Trim('"')] = value[(eq + 1)..].Trim('"');
        return result;
    }

    private static IReadOnlyDictionary<string, EmptyObject> WithKeys(IReadOnlyDictionary<string, EmptyObject>? map, IEnumerable<string> keys)
    {
        var result = new Dictionary<string, EmptyObject>(map ?? new Dictionary<string, EmptyObject>(), StringComparer.Ordinal);
        foreach (var k in keys)
        {
            result[k] = EmptyObject.Instance;
        }

        return result;
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(List<string>))]
internal sealed partial class ChangesJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
