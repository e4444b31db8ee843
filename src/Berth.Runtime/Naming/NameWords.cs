namespace Berth.Runtime.Naming;

/// <summary>Berth's own word lists for generated names (lowercase ASCII letters only).</summary>
public static class NameWords
{
    public static readonly string[] Adjectives =
    [
        "able", "agile", "airy", "amber", "ample", "annoyed", "apt", "ardent", "astute", "awake",
        "balmy", "bashful", "bold", "bouncy", "brave", "breezy", "bright", "brisk", "busy", "calm",
        "candid", "careful", "cheerful", "chipper", "civil", "clever", "cozy", "crisp", "curious", "daring",
        "dapper", "deft", "devoted", "diligent", "dizzy", "dreamy", "dusty", "eager", "earnest", "easy",
        "elated", "elegant", "epic", "exact", "fair", "fancy", "fearless", "festive", "fiery", "fluent",
        "fond", "frank", "fresh", "friendly", "frosty", "gallant", "gentle", "giddy", "glad", "golden",
        "graceful", "grand", "grateful", "gritty", "happy", "hardy", "hearty", "helpful", "honest", "humble",
        "hungry", "jolly", "jovial", "keen", "kind", "lively", "loyal", "lucid", "lucky", "merry",
        "mellow", "mighty", "modest", "nimble", "noble", "patient", "peppy", "placid", "plucky", "polite",
        "proud", "quick", "quiet", "quirky", "radiant", "rapid", "ready", "relaxed", "robust", "rosy",
        "rustic", "serene", "sharp", "shiny", "silent", "sincere", "sleepy", "smooth", "snappy", "solid",
        "spry", "steady", "stoic", "sturdy", "sunny", "swift", "tender", "thrifty", "tidy", "tranquil",
        "trusty", "upbeat", "valiant", "vivid", "warm", "wary", "whimsical", "wise", "witty", "zesty",
    ];

    public static readonly string[] Surnames =
    [
        "abel", "agnesi", "alhazen", "ampere", "archimedes", "aryabhata", "avogadro", "babbage", "backus", "bardeen",
        "bell", "bernoulli", "bohr", "boltzmann", "boole", "born", "bose", "boyle", "brahe", "brattain",
        "cantor", "carnot", "carson", "cauchy", "cavendish", "cerf", "chandrasekhar", "chebyshev", "clausius", "codd",
        "copernicus", "corbato", "coulomb", "crick", "curie", "dalton", "darwin", "davy", "descartes", "dijkstra",
        "dirac", "doppler", "eckert", "edison", "einstein", "engelbart", "erdos", "euclid", "euler", "faraday",
        "fermat", "fermi", "feynman", "fibonacci", "fleming", "fourier", "franklin", "fresnel", "galileo", "galois",
        "galvani", "gauss", "germain", "gibbs", "goodall", "hamilton", "hamming", "hawking", "heisenberg", "helmholtz",
        "hertz", "hilbert", "hodgkin", "hooke", "hopper", "hubble", "huygens", "hypatia", "jacobi", "joule",
        "kahan", "kelvin", "kepler", "kernighan", "khayyam", "kilby", "knuth", "kovalevskaya", "lagrange", "lamarr",
        "lamport", "laplace", "lavoisier", "leavitt", "leibniz", "lemaitre", "liskov", "lorentz", "lovelace", "lyell",
        "maxwell", "mcclintock", "meitner", "mendel", "mendeleev", "michelson", "minsky", "mirzakhani", "moore", "napier",
        "nash", "neumann", "newton", "noether", "noyce", "nyquist", "ohm", "oppenheimer", "pascal", "pasteur",
        "pauli", "pauling", "perlman", "planck", "poincare", "raman", "ramanujan", "rayleigh", "riemann", "ritchie",
        "rontgen", "rutherford", "sagan", "salk", "schrodinger", "shannon", "snyder", "somerville", "stallman", "stokes",
        "sutherland", "tesla", "thompson", "thomson", "torvalds", "turing", "vaughan", "volta", "wallace", "watt",
        "wiener", "wilkes", "wirth", "wozniak", "wu", "yalow", "yonath", "zuse", "zwicky", "tarjan",
    ];
}
