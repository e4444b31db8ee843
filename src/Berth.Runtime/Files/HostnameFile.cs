namespace Berth.Runtime.Files;

/// <summary>/etc/hostname of a container.</summary>
public static class HostnameFile
{
    /// <summary>
    /// The file's text: the hostname alone. podman 4.3.1 writes it without a trailing newline (observed:
    /// <c>podman run --rm IMAGE cat /etc/hostname | od -c</c>), and so do we.
    /// </summary>
    public static string Build(string hostname) => hostname;
}
