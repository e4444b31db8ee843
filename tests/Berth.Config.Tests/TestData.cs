namespace Berth.Config.Tests;

/// <summary>Example files in the shape distributions ship (written for these tests).</summary>
internal static class TestData
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", name));
}
