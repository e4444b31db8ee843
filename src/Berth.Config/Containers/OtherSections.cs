namespace Berth.Config;

/// <summary>The <c>[secrets]</c> table: secret driver and its options.</summary>
public sealed record SecretsSection
{
    /// <summary><c>driver</c>: "file", "pass", "shell".</summary>
    public required string Driver { get; init; }

    /// <summary><c>[secrets.opts]</c>.</summary>
    public required IReadOnlyDictionary<string, string> Opts { get; init; }
}

/// <summary>The <c>[machine]</c> table: read so files that set it load; Berth has no machine support.</summary>
public sealed record MachineSection
{
    /// <summary><c>cpus</c>.</summary>
    public required long Cpus { get; init; }

    /// <summary><c>disk_size</c> in GB.</summary>
    public required long DiskSize { get; init; }

    /// <summary><c>image</c>.</summary>
    public required string Image { get; init; }

    /// <summary><c>memory</c> in MB.</summary>
    public required long Memory { get; init; }

    /// <summary><c>user</c>.</summary>
    public required string User { get; init; }

    /// <summary><c>volumes</c>.</summary>
    public required IReadOnlyList<string> Volumes { get; init; }

    /// <summary><c>provider</c>.</summary>
    public required string Provider { get; init; }

    /// <summary><c>rosetta</c>.</summary>
    public required bool Rosetta { get; init; }
}

/// <summary>The <c>[farms]</c> table: build farms.</summary>
public sealed record FarmsSection
{
    /// <summary><c>default</c>: the default farm.</summary>
    public required string Default { get; init; }

    /// <summary><c>[farms.list]</c>: farm name → connection names.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> List { get; init; }
}
