using Berth.Cli.Commands;

namespace Berth.Cli.Tests.Commands;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ExecEnvironmentTests
{
    [Fact]
    public void ExecEnvironment_FileThenFlags_LaterReplacesInPlace_HostValuesAndGlobs()
    {
        Environment.SetEnvironmentVariable("BERTH_EXECENV_X", "host");
        Environment.SetEnvironmentVariable("BERTH_EXECGLOB_A", "a");
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "# comment\n\nONE=1\nTWO=2\n");
            var env = ContainerActions.ExecEnvironment([file], ["ONE=uno", "BERTH_EXECENV_X", "BERTH_EXECENV_UNSET_Y", "BERTH_EXECGLOB_*"]);
            Assert.Equal(["ONE=uno", "TWO=2", "BERTH_EXECENV_X=host", "BERTH_EXECGLOB_A=a"], env);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
