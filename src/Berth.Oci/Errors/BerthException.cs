namespace Berth;

/// <summary>What went wrong, independent of where: the CLI maps kinds to podman's exit codes, the API to HTTP statuses.</summary>
public enum ErrorKind
{
    /// <summary>A bug or an unexpected failure of a part Berth depends on.</summary>
    Internal = 0,
    /// <summary>The named object (image, container, file, …) does not exist.</summary>
    NotFound,
    /// <summary>An object with that name or ID exists already.</summary>
    AlreadyExists,
    /// <summary>The object is in a state that does not allow the operation.</summary>
    InvalidState,
    /// <summary>The caller passed something malformed: a flag, a reference, a config file.</summary>
    InvalidArgument,
    /// <summary>Credentials are missing or were refused.</summary>
    Unauthorized,
    /// <summary>Another change got there first (lock held, object in use).</summary>
    Conflict,
    /// <summary>A service or helper program cannot be reached or is missing.</summary>
    Unavailable,
}

/// <summary>
/// The one exception root of Berth. Messages are written for the user: they say what failed, where,
/// and what to do next, without the <c>Error: </c> prefix (the CLI adds it).
/// </summary>
public class BerthException : Exception
{
    public BerthException(ErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException) => Kind = kind;

    public ErrorKind Kind { get; }

    /// <summary>The process exit code the CLI reports for this error when it is not the default 125 (podman's rm of a
    /// missing container exits 1, of a running one 2; a command not found in the container 127, not executable 126).</summary>
    public int? ExitCode { get; init; }

    public static BerthException NotFound(string message) => new(ErrorKind.NotFound, message);

    public static BerthException InvalidArgument(string message) => new(ErrorKind.InvalidArgument, message);

    public static BerthException Unavailable(string message, Exception? inner = null) => new(ErrorKind.Unavailable, message, inner);
}
