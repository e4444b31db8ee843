using Berth.Runtime.Naming;

namespace Berth.Runtime.Tests.Naming;

public class NamingTests
{
    [Fact]
    public void New_64LowercaseHex_Distinct()
    {
        var a = ContainerIds.New();
        Assert.Matches("^[0-9a-f]{64}$", a);
        Assert.NotEqual(a, ContainerIds.New());
    }

    [Fact]
    public void New_AllDigitShortId_DrawnAgain()
    {
        var calls = 0;
        var id = ContainerIds.New(bytes =>
        {
            calls++;
            bytes.Fill(calls == 1 ? (byte)0x12 : (byte)0xab);
        });
        Assert.Equal(2, calls);
        Assert.StartsWith("abab", id, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_ValidNameFromLists()
    {
        var name = NameGenerator.Next(_ => false);
        var parts = name.Split('_');
        Assert.Contains(parts[0], NameWords.Adjectives);
        Assert.Contains(parts[1], NameWords.Surnames);
        Assert.True(ContainerNames.IsValid(name));
    }

    [Fact]
    public void Next_AllPlainNamesTaken_AddsDigit()
    {
        var name = NameGenerator.Next(n => !char.IsAsciiDigit(n[^1]), new Random(1));
        Assert.Matches("^[a-z]+_[a-z]+[0-9]+$", name);
    }

    [Fact]
    public void WordLists_LargeUniqueAndNameSafe()
    {
        Assert.True(NameWords.Adjectives.Length >= 100);
        Assert.True(NameWords.Surnames.Length >= 150);
        Assert.Equal(NameWords.Adjectives.Length, NameWords.Adjectives.Distinct().Count());
        Assert.Equal(NameWords.Surnames.Length, NameWords.Surnames.Distinct().Count());
        Assert.All(NameWords.Adjectives.Concat(NameWords.Surnames), w => Assert.Matches("^[a-z]+$", w));
    }

    [Theory]
    [InlineData("web", true)]
    [InlineData("a.b-c_d9", true)]
    [InlineData("9lives", true)]
    [InlineData("bad name", false)]
    [InlineData("-x", false)]
    [InlineData("_x", false)]
    [InlineData("", false)]
    [InlineData("x\n", false)]
    public void Validate_PodmansRuleAndMessage(string name, bool valid)
    {
        Assert.Equal(valid, ContainerNames.IsValid(name));
        if (!valid)
        {
            var golden = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "podman-4.3", "files", "name-invalid.err")).TrimEnd('\n');
            Assert.Equal(golden, "Error: " + Assert.Throws<BerthException>(() => ContainerNames.Validate(name)).Message);
        }
    }
}
