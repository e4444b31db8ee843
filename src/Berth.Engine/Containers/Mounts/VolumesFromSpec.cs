namespace Berth.Engine.Containers.Mounts;

/// <summary>
/// One <c>--volumes-from CONTAINER[:OPTIONS]</c> (podman 4.3's getVolumesFrom): OPTIONS are z, ro and rw, each family
/// once; when given they replace the options of every mount taken from the container.
/// </summary>
public sealed record VolumesFromSpec(string Container, IReadOnlyList<string> Options)
{
    public static VolumesFromSpec Parse(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return new VolumesFromSpec(value, []);
        }

        var options = value[(colon + 1)..].Split(',');
        bool rorw = false, z = false;
        foreach (var option in options)
        {
            switch (option)
            {
                case "z":
                    z = !z ? true : throw MountErrors.Invalid("cannot set :z more than once in mount options");
                    break;
                case "ro" or "rw":
                    rorw = !rorw ? true : throw MountErrors.Invalid("cannot set ro or rw options more than once");
                    break;
                default:
                    throw MountErrors.Invalid(
                        $"invalid option {GoQuote.Of(option)} specified - volumes from another container can only use z,ro,rw options");
            }
        }

        return new VolumesFromSpec(value[..colon], options);
    }

    /// <summary>podman's message when the container is not there.</summary>
    public BerthException NotFound() => new(ErrorKind.NotFound,
        $"looking up container {GoQuote.Of(Container)} for volumes-from: no container with name or ID {GoQuote.Of(Container)} found: no such container");
}
