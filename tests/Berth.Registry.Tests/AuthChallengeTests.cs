namespace Berth.Registry.Tests;

public sealed class AuthChallengeTests
{
    [Fact]
    public void Parse_BearerWithQuotedCommas_KeepsScopeWhole()
    {
        var challenge = Assert.Single(AuthChallenge.Parse(["Bearer realm=\"https://auth.example.com/token\",service=\"registry.example.com\",scope=\"repository:a/b:pull,push\""]));

        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.example.com/token", challenge.Realm);
        Assert.Equal("registry.example.com", challenge.Service);
        Assert.Equal("repository:a/b:pull,push", challenge.Scope);
    }

    [Fact]
    public void Parse_SeveralChallengesInOneValue_SplitsThem()
    {
        var challenges = AuthChallenge.Parse(["Basic realm=\"x, y\", Bearer realm=\"https://a/t\" , service=s"]);

        Assert.Equal(["basic", "bearer"], challenges.Select(c => c.Scheme));
        Assert.Equal("x, y", challenges[0].Realm);
        Assert.Equal("s", challenges[1].Service);
        Assert.Same(challenges[1], AuthChallenge.Preferred(challenges));
    }

    [Fact]
    public void Parse_EscapesAndCase_Unquoted()
    {
        var challenge = Assert.Single(AuthChallenge.Parse(["BASIC Realm=\"say \\\"hi\\\"\""]));

        Assert.True(challenge.IsBasic);
        Assert.Equal("say \"hi\"", challenge.Realm);
    }

    [Fact]
    public void Parse_Garbage_ReturnsWhatParsed()
    {
        Assert.Empty(AuthChallenge.Parse(["", "   "]));
        Assert.Equal("https://x", Assert.Single(AuthChallenge.Parse(["Bearer realm=\"https://x\",service=\"unterminated"])).Realm);
    }
}
