using System.Text.RegularExpressions;

namespace Berth.Runtime.Naming;

/// <summary>podman's rule for container and pod names.</summary>
public static partial class ContainerNames
{
    /// <summary>True when the name matches <c>[a-zA-Z0-9][a-zA-Z0-9_.-]*</c>.</summary>
    public static bool IsValid(string name) => NameRegex().IsMatch(name);

    /// <summary>Throws podman's error for a name outside the rule.</summary>
    public static void Validate(string name)
    {
        if (!IsValid(name))
        {
            throw BerthException.InvalidArgument("running container create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument");
        }
    }

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9_.-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();
}
