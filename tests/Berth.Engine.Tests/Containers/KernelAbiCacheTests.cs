using Berth.Engine.Containers;
using Berth.Platform.Host;

namespace Berth.Engine.Tests.Containers;

/// <summary>The 32-bit x86 answer kept for the boot under the run root (HostRuntimeFacts.Ia32Available).</summary>
public sealed class KernelAbiCacheTests : IDisposable
{
    private readonly string runRoot = Path.Combine(Path.GetTempPath(), $"berth-abi-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(runRoot))
        {
            Directory.Delete(runRoot, recursive: true);
        }
    }

    private string CacheFile => Path.Combine(runRoot, HostRuntimeFacts.AbiCacheFile);

    [Fact]
    public void NoCache_ProbesAndKeepsTheAnswerForTheBoot()
    {
        var probed = SyscallAbi.Ia32Available();
        Assert.Equal(probed, HostRuntimeFacts.Ia32Available(runRoot, "boot-a"));
        Assert.Equal($"boot-a\nia32={(probed ? 1 : 0)}\n", File.ReadAllText(CacheFile));
        Assert.Single(Directory.GetFiles(runRoot));
    }

    [Fact]
    public void CacheOfThisBoot_IsTakenWithoutProbing()
    {
        // The opposite of the truth, written for this boot: only a read of the file can answer with it.
        var probed = SyscallAbi.Ia32Available();
        Directory.CreateDirectory(runRoot);
        File.WriteAllText(CacheFile, $"boot-a\nia32={(probed ? 0 : 1)}\n");
        Assert.Equal(!probed, HostRuntimeFacts.Ia32Available(runRoot, "boot-a"));
    }

    [Theory]
    [InlineData("boot-b\nia32=0\n")]
    [InlineData("boot-b\nia32=1\n")]
    [InlineData("boot-a\nia32=maybe\n")]
    [InlineData("boot-a")]
    [InlineData("")]
    public void CacheOfAnotherBootOrUnreadable_IsProbedAgainAndReplaced(string stale)
    {
        var probed = SyscallAbi.Ia32Available();
        Directory.CreateDirectory(runRoot);
        File.WriteAllText(CacheFile, stale);
        Assert.Equal(probed, HostRuntimeFacts.Ia32Available(runRoot, "boot-a"));
        Assert.Equal($"boot-a\nia32={(probed ? 1 : 0)}\n", File.ReadAllText(CacheFile));
    }

    [Fact]
    public void UnwritableRunRoot_StillAnswers()
    {
        Directory.CreateDirectory(runRoot);
        File.WriteAllText(Path.Combine(runRoot, "file"), "");
        // A run root below a regular file cannot be made: the probe answers, nothing is kept.
        Assert.Equal(SyscallAbi.Ia32Available(), HostRuntimeFacts.Ia32Available(Path.Combine(runRoot, "file", "sub"), "boot-a"));
    }
}
