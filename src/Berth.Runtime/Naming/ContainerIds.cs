namespace Berth.Runtime.Naming;

/// <summary>Container (and pod, exec session) IDs: 64 lowercase hex digits from the kernel's random source.</summary>
public static class ContainerIds
{
    /// <summary>
    /// A new ID. Like containers/storage's stringid, an ID whose 12-character short form is all digits is drawn
    /// again: the short ID is the default hostname, and an all-numeric hostname is refused by some resolvers.
    /// </summary>
    public static string New() => New(KernelRandom);

    /// <summary>
    /// /dev/urandom (what Go's crypto/rand reads): .NET's RandomNumberGenerator would load OpenSSL, ~15 ms on every
    /// <c>create</c>.
    /// </summary>
    private static void KernelRandom(Span<byte> bytes)
    {
        using var urandom = new FileStream("/dev/urandom", FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        urandom.ReadExactly(bytes);
    }

    /// <summary>As <see cref="New()"/> with a given source of random bytes (tests).</summary>
    public static string New(Action<Span<byte>> fill)
    {
        Span<byte> bytes = stackalloc byte[32];
        while (true)
        {
            fill(bytes);
            var id = Convert.ToHexStringLower(bytes);
            if (!IsAllDigits(id.AsSpan(0, 12)))
            {
                return id;
            }
        }
    }

    /// <summary>The 12-character short form.</summary>
    public static string Short(string id) => id.Length > 12 ? id[..12] : id;

    private static bool IsAllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
