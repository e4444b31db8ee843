namespace Berth.Cli.CommandLine;

/// <summary>How many positional arguments a command takes, with cobra's and podman's messages.</summary>
public abstract record ArgsRule
{
    public static ArgsRule None { get; } = new NoneRule();

    public static ArgsRule Any { get; } = new RangeRule(0, int.MaxValue);

    public static ArgsRule Exactly(int n) => new RangeRule(n, n);

    public static ArgsRule AtLeast(int n) => new RangeRule(n, int.MaxValue);

    public static ArgsRule AtMost(int n) => new RangeRule(0, n);

    public static ArgsRule Between(int min, int max) => new RangeRule(min, max);

    /// <summary>The error message for <paramref name="count"/> arguments, or null when the count is fine.</summary>
    public abstract string? Check(string commandPath, int count);

    private sealed record NoneRule : ArgsRule
    {
        public override string? Check(string commandPath, int count) =>
            count == 0 ? null : $"`{commandPath}` takes no arguments";
    }

    private sealed record RangeRule(int Min, int Max) : ArgsRule
    {
        public override string? Check(string commandPath, int count)
        {
            if (count >= Min && count <= Max)
            {
                return null;
            }

            if (Min == Max)
            {
                return $"accepts {Min} arg(s), received {count}";
            }

            if (Max == int.MaxValue)
            {
                return $"requires at least {Min} arg(s), only received {count}";
            }

            return Min == 0
                ? $"accepts at most {Max} arg(s), received {count}"
                : $"accepts between {Min} and {Max} arg(s), received {count}";
        }
    }
}
