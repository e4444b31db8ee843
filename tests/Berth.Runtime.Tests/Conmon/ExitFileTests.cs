using Berth.Platform.FileSystem;
using Berth.Runtime.Conmon;

namespace Berth.Runtime.Tests.Conmon;

/// <summary>Waiting for conmon's exit file, which conmon writes to a temporary name and renames into the exit directory.</summary>
public sealed class ExitFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-exits").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// A re-check period far longer than the waits below: an answer within them can only have come from the change
    /// notification or the interrupt (a short wall-clock limit instead fails on a loaded machine).
    /// </summary>
    private static readonly TimeSpan NoRecheck = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private void WriteLikeConmon(string id, string text)
    {
        var temp = Path.Combine(_dir, id + ".tmp-x");
        File.WriteAllText(temp, text);
        File.Move(temp, Path.Combine(_dir, id));
    }

    [Fact]
    public async Task WaitAsync_FileRenamedInLater_ReturnsItsCodeWithoutWaitingForTheRecheck()
    {
        var waiting = ExitFile.WaitAsync(_dir, "c1", NoRecheck, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);

        WriteLikeConmon("c1", "137");

        Assert.Equal(137, await waiting.WaitAsync(Patience));
    }

    [Fact]
    public async Task WaitAsync_OtherFilesOnly_KeepsWaiting()
    {
        var waiting = ExitFile.WaitAsync(_dir, "c2", NoRecheck, CancellationToken.None);

        WriteLikeConmon("someone-else", "0");
        await Task.Delay(400);

        Assert.False(waiting.IsCompleted);
        WriteLikeConmon("c2", "0");
        Assert.Equal(0, await waiting.WaitAsync(Patience));
    }

    [Fact]
    public async Task WaitAsync_Cancelled_EndsAtOnce()
    {
        using var cancel = new CancellationTokenSource();
        var waiting = ExitFile.WaitAsync(_dir, "c3", NoRecheck, cancel.Token);
        await Task.Delay(50);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience));
    }

    [Fact]
    public async Task Wait_OnTheCallingThread_ReturnsOnceTheFileIsRenamedIn()
    {
        var waiting = Task.Factory.StartNew(() => ExitFile.Wait(_dir, "c4", NoRecheck, CancellationToken.None), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);

        WriteLikeConmon("c4", "-1");

        Assert.Equal(-1, await waiting.WaitAsync(Patience));
        Assert.Equal(-1, ExitFile.Wait(_dir, "c4", CancellationToken.None));
    }

    [Fact]
    public async Task Wait_Cancelled_EndsAtOnce()
    {
        using var cancel = new CancellationTokenSource();
        var waiting = Task.Factory.StartNew(() => ExitFile.Wait(_dir, "c5", NoRecheck, cancel.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await Task.Delay(50);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience));
    }

    [Fact]
    public void DirectoryWatch_NothingHappens_TimesOut()
    {
        using var watch = DirectoryWatch.TryCreate(_dir);

        Assert.NotNull(watch);
        Assert.False(watch.Wait(TimeSpan.FromMilliseconds(20)));
        File.WriteAllText(Path.Combine(_dir, "x"), "");
        Assert.True(watch.Wait(TimeSpan.FromSeconds(5)));
        Assert.False(watch.Wait(TimeSpan.FromMilliseconds(20)));
    }
}
