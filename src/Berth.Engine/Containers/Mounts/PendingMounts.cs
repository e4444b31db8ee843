namespace Berth.Engine.Containers.Mounts;

/// <summary>A mount of the spec kind (bind, tmpfs, devpts) while the flags are read; Destination as the user wrote it.</summary>
internal sealed record SpecMount(string Type, string Source, string Destination, IReadOnlyList<string> Options)
{
    public bool SameAs(SpecMount other) => Source == other.Source && Options.SequenceEqual(other.Options, StringComparer.Ordinal);
}

/// <summary>
/// podman keeps mounts in Go maps keyed by destination; this keeps the same keys in the order they were first added
/// (podman's order is the map's random one, so the user's order is as good and stable).
/// </summary>
internal sealed class OrderedMap<T>
{
    private readonly List<string> _keys = [];
    private readonly Dictionary<string, T> _values = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Keys => _keys;

    /// <summary>
    /// The values in the keys' order, as a list made for the caller: a lazy Select here made the callers' LINQ over it
    /// a generic virtual call that the native binary resolves at run time (~0.3 ms of every create).
    /// </summary>
    public List<T> Values
    {
        get
        {
            var values = new List<T>(_keys.Count);
            foreach (var key in _keys)
            {
                values.Add(_values[key]);
            }

            return values;
        }
    }

    public bool TryGet(string key, out T value) => _values.TryGetValue(key, out value!);

    public bool Contains(string key) => _values.ContainsKey(key);

    public void Set(string key, T value)
    {
        if (!_values.ContainsKey(key))
        {
            _keys.Add(key);
        }

        _values[key] = value;
    }
}

internal static class MountErrors
{
    public static BerthException Invalid(string message) => new(ErrorKind.InvalidArgument, message);

    /// <summary>"DEST: duplicate mount destination" (podman's ErrDuplicateDest wrapped with the destination).</summary>
    public static BerthException Duplicate(string destination) => Invalid($"{destination}: duplicate mount destination");

    public const string OptionArg = "must provide an argument for option";

    public const string BadOption = "invalid mount option";

    /// <summary>containers/common's ValidateVolumeCtrDir.</summary>
    public static void CheckDestination(string destination)
    {
        if (destination.Length == 0)
        {
            throw Invalid("container directory cannot be empty");
        }

        if (!GoPath.IsAbs(destination))
        {
            throw Invalid($"invalid container path {GoQuote.Of(destination)}, must be an absolute path");
        }
    }
}
