namespace Berth.Runtime.Conmon;

/// <summary>podman's <c>--detach-keys</c> syntax (moby/term ToBytes): comma-separated single characters, "ctrl-X" or "DEL".</summary>
public static class DetachKeys
{
    /// <summary>containers.conf's default, ctrl-p then ctrl-q.</summary>
    public const string Default = "ctrl-p,ctrl-q";

    private static readonly string[] Controls =
    [
        "ctrl-@", "ctrl-a", "ctrl-b", "ctrl-c", "ctrl-d", "ctrl-e", "ctrl-f", "ctrl-g", "ctrl-h", "ctrl-i", "ctrl-j",
        "ctrl-k", "ctrl-l", "ctrl-m", "ctrl-n", "ctrl-o", "ctrl-p", "ctrl-q", "ctrl-r", "ctrl-s", "ctrl-t", "ctrl-u",
        "ctrl-v", "ctrl-w", "ctrl-x", "ctrl-y", "ctrl-z", "ctrl-[", "ctrl-\\", "ctrl-]", "ctrl-^", "ctrl-_",
    ];

    /// <summary>The byte sequence; empty for "" (detaching disabled). Names are case-sensitive, as in podman.</summary>
    public static byte[] Parse(string spec)
    {
        if (spec.Length == 0)
        {
            return [];
        }

        var codes = new List<byte>();
        foreach (var key in spec.Split(','))
        {
            if (key.Length == 1 && key[0] < 0x80)
            {
                codes.Add((byte)key[0]);
                continue;
            }

            var index = Array.IndexOf(Controls, key);
            if (index >= 0)
            {
                codes.Add((byte)index);
            }
            else if (key == "DEL")
            {
                codes.Add(127);
            }
            else
            {
                throw BerthException.InvalidArgument($"invalid detach keys: Unknown character: '{key}'");
            }
        }

        return [.. codes];
    }
}
