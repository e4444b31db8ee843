using static Berth.Templates.Tests.PodmanGolden.GoldenData;

namespace Berth.Templates.Tests.PodmanGolden;

/// <summary>podman 4.3's <c>entities.SystemVersionReport</c> with a local client and no server.</summary>
internal static class VersionModel
{
    private static readonly string[] VersionFields = ["APIVersion", "Version", "GoVersion", "GitCommit", "BuiltTime", "Built", "OsArch", "Os"];

    public static GoStruct Build()
    {
        var client = Load("version.json").GetProperty("Client");
        var version = new GoStruct("*define.Version");
        foreach (var field in VersionFields)
        {
            version.Add(field, field == "Built" ? Int64(client, field) : Str(client, field));
        }
        return new GoStruct("*entities.SystemVersionReport")
            .Add("Client", version, omitEmpty: true)
            .Add("Server", GoTypedNil.Of("*define.Version", VersionFields), omitEmpty: true);
    }
}
