namespace Berth.Cli.CommandLine;

/// <summary>The value shapes pflag gives podman's flags; the name is what help prints after the flag.</summary>
public enum OptionKind
{
    /// <summary><c>--all</c>, <c>--all=false</c>; never takes the next word.</summary>
    Bool,
    /// <summary>One value; the last occurrence wins.</summary>
    String,
    /// <summary>Repeatable, each occurrence one value (pflag <c>stringArray</c>).</summary>
    StringArray,
    /// <summary>Repeatable, each occurrence split at commas (pflag <c>strings</c>).</summary>
    StringSlice,
    /// <summary>A signed integer.</summary>
    Int,
    /// <summary>An unsigned integer.</summary>
    UInt,
}

/// <summary>One flag of one command, as podman defines it.</summary>
/// <param name="Name">Long name without dashes.</param>
/// <param name="Short">One-letter shorthand, or null.</param>
/// <param name="Help">Usage text; a word in back-quotes becomes the value name in help (pflag's rule).</param>
/// <param name="Default">The default as help prints it, or null for the zero value.</param>
/// <param name="NoOptDefault">Value taken when the flag is given without <c>=value</c> (pflag's NoOptDefVal).</param>
/// <param name="ValueName">The type word help shows for podman's custom value types (<c>choice</c>, <c>duration</c>, …).</param>
public sealed record OptionSpec(
    string Name,
    char? Short,
    OptionKind Kind,
    string Help,
    string? Default = null,
    string? NoOptDefault = null,
    bool Hidden = false,
    string? ValueName = null)
{
    public bool TakesValue => Kind != OptionKind.Bool && NoOptDefault is null;

    /// <summary>The word help prints after the flag name (pflag's type names).</summary>
    public string TypeName => ValueName ?? Kind switch
    {
        OptionKind.Bool => "",
        OptionKind.String => "string",
        OptionKind.StringArray => "stringArray",
        OptionKind.StringSlice => "strings",
        OptionKind.Int => "int",
        OptionKind.UInt => "uint",
        _ => "",
    };

    public static OptionSpec Flag(string name, char? shorthand, string help, bool defaultValue = false) =>
        new(name, shorthand, OptionKind.Bool, help, defaultValue ? "true" : null);

    public static OptionSpec Text(string name, char? shorthand, string help, string? defaultValue = null) =>
        new(name, shorthand, OptionKind.String, help, string.IsNullOrEmpty(defaultValue) ? null : defaultValue);

    public static OptionSpec Array(string name, char? shorthand, string help) =>
        new(name, shorthand, OptionKind.StringArray, help);

    public static OptionSpec Slice(string name, char? shorthand, string help) =>
        new(name, shorthand, OptionKind.StringSlice, help);

    public static OptionSpec UInt(string name, char? shorthand, string help) =>
        new(name, shorthand, OptionKind.UInt, help);

    public static OptionSpec Integer(string name, char? shorthand, string help, long defaultValue = 0) =>
        new(name, shorthand, OptionKind.Int, help, defaultValue == 0 ? null : defaultValue.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
