using System.Text.Json;
using System.Text.RegularExpressions;

namespace Berth.Runtime.Conmon;

/// <summary>
/// A failure of the command the container was to run, with the exit code podman's <c>run</c>/<c>exec</c> return:
/// 127 (not found), 126 (cannot be invoked) or 125 (any other runtime error).
/// </summary>
/// <remarks>The code is <see cref="BerthException.ExitCode"/>: podman's ExecErrorCodeNotFound (127), ExecErrorCodeCannotInvoke (126) or ExecErrorCodeGeneric (125).</remarks>
public sealed class ContainerCommandException : BerthException
{
    public ContainerCommandException(ErrorKind kind, string message, int exitCode)
        : base(kind, message)
    {
        ExitCode = exitCode;
    }
}

/// <summary>Classifies the runtime's error text (sync pipe message or its JSON log) as podman's getOCIRuntimeError does.</summary>
public static partial class RuntimeErrors
{
    /// <summary>podman's define.ErrOCIRuntimePermissionDenied.</summary>
    public const string PermissionDenied = "OCI permission denied";

    /// <summary>podman's define.ErrOCIRuntimeNotFound.</summary>
    public const string NotFound = "OCI runtime attempted to invoke a command that was not found";

    /// <summary>podman's define.ErrOCIRuntime.</summary>
    public const string Generic = "OCI runtime error";

    /// <summary>
    /// The error for a failed <c>create</c> (or <c>exec</c>): <paramref name="command"/> is the runtime's name that
    /// prefixes the message as podman prints it ("runc"); null leaves the prefix out. Like podman (outside debug
    /// level) only the matching line of a multi-line message is kept.
    /// </summary>
    public static ContainerCommandException FromCreateFailure(string message, string? command)
    {
        string Text(string match, string suffix) =>
            command is null ? $"{match.Trim('\n')}: {suffix}" : $"{command}: {match.Trim('\n')}: {suffix}";

        if (PermissionPattern().Match(message) is { Success: true } denied)
        {
            return new(ErrorKind.InvalidState, Text(denied.Value, PermissionDenied), 126);
        }

        if (NotFoundPattern().Match(message) is { Success: true } missing)
        {
            return new(ErrorKind.NotFound, Text(missing.Value, NotFound), 127);
        }

        return new(ErrorKind.Internal, Text(message, Generic), 125);
    }

    /// <summary>
    /// The message of the runtime's <c>--log-format=json</c> log: podman unmarshals the whole file as one entry, which
    /// only works for a single line; taking the last error-level line gives the same text and survives several.
    /// </summary>
    public static string? ReadRuntimeLog(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        string? last = null;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                var entry = JsonSerializer.Deserialize(line, ConmonJsonContext.Default.RuntimeLogEntry);
                if (entry?.Msg is { } msg && (entry.Level is null or "error" or "fatal" || last is null))
                {
                    last = msg;
                }
            }
            catch (JsonException)
            {
                // a partial line of a runtime killed while writing: keep what came before
            }
        }

        return last;
    }

    // Go's regexp: '.' stops at a newline, (?i) covers both alternatives.
    [GeneratedRegex(@"(?i).*permission denied.*|.*operation not permitted.*")]
    private static partial Regex PermissionPattern();

    [GeneratedRegex(@"(?i).*executable file not found in.*|.*no such file or directory.*")]
    private static partial Regex NotFoundPattern();
}
