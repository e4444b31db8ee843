using Berth.Config.Toml;

namespace Berth.Config;

/// <summary>Builds the user-facing errors of the configuration loaders: <c>file:line:col: what (what to do)</c>.</summary>
internal static class ConfigErrors
{
    public static BerthException Invalid(string path, SourcePosition? position, string message) =>
        BerthException.InvalidArgument(position is { } p ? $"{path}:{p}: {message}" : $"{path}: {message}");

    public static BerthException Invalid(string path, string message) => Invalid(path, null, message);

    /// <summary>A file that the user named explicitly (an environment variable, a flag) does not exist.</summary>
    public static BerthException MissingNamedFile(string path, string namedBy) =>
        BerthException.NotFound($"{path}: no such file, named by {namedBy} (create it, or point {namedBy} at an existing file)");

    public static BerthException Unreadable(string path, Exception inner) =>
        new(ErrorKind.InvalidArgument, $"{path}: cannot read the file: {inner.Message} (fix its permissions or remove it)", inner);
}
