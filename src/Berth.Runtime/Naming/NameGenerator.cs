namespace Berth.Runtime.Naming;

/// <summary>
/// Random "adjective_surname" names for containers and pods, from Berth's own word lists (<see cref="NameWords"/>).
/// Like podman, a name in use is drawn again; after ten draws in a row are taken a random digit is appended (the
/// rule of docker's name generator with retry), so a nearly full space still ends.
/// </summary>
public static class NameGenerator
{
    /// <summary>A free name.</summary>
    /// <param name="inUse">True when a container or pod already has the name.</param>
    public static string Next(Func<string, bool> inUse) => Next(inUse, Random.Shared);

    /// <summary>As <see cref="Next(Func{string, bool})"/> with a given random source (tests).</summary>
    public static string Next(Func<string, bool> inUse, Random random)
    {
        for (var attempt = 0; ; attempt++)
        {
            var name = $"{NameWords.Adjectives[random.Next(NameWords.Adjectives.Length)]}_{NameWords.Surnames[random.Next(NameWords.Surnames.Length)]}";
            if (attempt >= 10)
            {
                name += random.Next(10 * (1 + (attempt / 100))).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (!inUse(name))
            {
                return name;
            }
        }
    }
}
