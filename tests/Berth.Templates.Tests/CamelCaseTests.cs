namespace Berth.Templates.Tests;

/// <summary>containers/common's camelcase splitting, which names podman's table headers.</summary>
public sealed class CamelCaseTests
{
    [Theory]
    [InlineData("lowercase", "lowercase")]
    [InlineData("MyClass", "My|Class")]
    [InlineData("MyC", "My|C")]
    [InlineData("HTML", "HTML")]
    [InlineData("PDFLoader", "PDF|Loader")]
    [InlineData("AString", "A|String")]
    [InlineData("SimpleXMLParser", "Simple|XML|Parser")]
    [InlineData("vimRPCPlugin", "vim|RPC|Plugin")]
    [InlineData("GL11Version", "GL|11|Version")]
    [InlineData("99Bottles", "99|Bottles")]
    [InlineData("May5", "May|5")]
    [InlineData("BFG9000", "BFG|9000")]
    [InlineData("BöseÜberraschung", "Böse|Überraschung")]
    [InlineData("Two  spaces", "Two|  |spaces")]
    public void Split_Identifier_GivesWords(string input, string expected)
    {
        Assert.Equal(expected, string.Join('|', CamelCase.Split(input)));
    }

    [Theory]
    [InlineData("CreatedAt", "CREATED AT")]
    [InlineData("RepoDigests", "REPO DIGESTS")]
    [InlineData("ParentId", "PARENT ID")]
    [InlineData("ID", "ID")]
    public void ToHeader_FieldName_IsPodmanHeader(string field, string expected)
    {
        Assert.Equal(expected, CamelCase.ToHeader(field));
    }
}
