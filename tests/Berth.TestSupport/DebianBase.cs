using System.Diagnostics;

namespace Berth.TestSupport;

/// <summary>
/// A Debian root filesystem for tests that need a real distribution, made once per machine and cached outside the
/// repository: <c>debootstrap --variant=minbase bookworm</c> from the Debian mirror into
/// <c>/var/cache/berth-tests/debian-&lt;Version&gt;/</c> (<see cref="CacheRoot"/>; <c>BERTH_TEST_CACHE</c> moves it), exported
/// as <c>rootfs.tar</c> for <c>berth import</c>. Packages for test images are downloaded once into the cache as .deb
/// files (<see cref="Packages"/>), so the tests install them offline inside containers (<c>dpkg -i</c>) and no test
/// container touches the network. Each piece is built under a file lock in a temporary directory and renamed into place,
/// so concurrent test runs wait for one another and an interrupted build leaves nothing that looks finished.
/// Cost: the first debootstrap takes a few minutes (network bound); later runs only read the cache.
/// </summary>
public static class DebianBase
{
    /// <summary>Bump to rebuild every cached piece (the key of the cache directory).</summary>
    public const string Version = "bookworm-minbase-1";

    public const string Suite = "bookworm";

    public const string Mirror = "http://deb.debian.org/debian";

    private static readonly TimeSpan LockPatience = TimeSpan.FromMinutes(30);

    public static string CacheRoot => Environment.GetEnvironmentVariable("BERTH_TEST_CACHE") is { Length: > 0 } dir ? dir : "/var/cache/berth-tests";

    private static string Home => Path.Combine(CacheRoot, "debian-" + Version);

    /// <summary>The root filesystem (kept: package downloads run apt-get in it).</summary>
    private static string Rootfs => Path.Combine(Home, "rootfs");

    /// <summary>The base as a tar for <c>berth import</c>; made on first use.</summary>
    public static string RootfsTar()
    {
        var tar = Path.Combine(Home, "rootfs.tar");
        if (File.Exists(tar))
        {
            return tar;
        }

        using var held = Lock();
        if (File.Exists(tar))
        {
            return tar;
        }

        Directory.CreateDirectory(CacheRoot);
        var building = Home + ".building";
        if (Directory.Exists(building))
        {
            Run("rm", "-rf", building);
        }

        Directory.CreateDirectory(building);
        var rootfs = Path.Combine(building, "rootfs");
        Run("debootstrap", "--variant=minbase", Suite, rootfs, Mirror);
        // Installed in containers without an init system: no service may start during a dpkg -i.
        File.WriteAllText(Path.Combine(rootfs, "usr/sbin/policy-rc.d"), "#!/bin/sh\nexit 101\n");
        Run("chmod", "755", Path.Combine(rootfs, "usr/sbin/policy-rc.d"));
        // debootstrap leaves the base's own .deb files behind; the image does not need them.
        foreach (var deb in Directory.GetFiles(Path.Combine(rootfs, "var/cache/apt/archives"), "*.deb"))
        {
            File.Delete(deb);
        }

        Run("tar", "--numeric-owner", "-C", rootfs, "-cf", Path.Combine(building, "rootfs.tar"), ".");
        if (Directory.Exists(Home))
        {
            Run("rm", "-rf", Home);
        }

        Directory.Move(building, Home);
        return tar;
    }

    /// <summary>
    /// A directory of .deb files: <paramref name="packages"/> and every dependency the base lacks, downloaded once (with
    /// apt-get --download-only in the cached root filesystem) into <c>debs-&lt;name&gt;/</c>. Install them in a container
    /// from the base with <c>dpkg -i DIR/*.deb</c>.
    /// </summary>
    public static string Packages(string name, params string[] packages)
    {
        var target = Path.Combine(Home, "debs-" + name);
        if (Directory.Exists(target))
        {
            return target;
        }

        RootfsTar();
        using var held = Lock();
        if (Directory.Exists(target))
        {
            return target;
        }

        var archives = Path.Combine(Rootfs, "var/cache/apt/archives");
        foreach (var stale in Directory.GetFiles(archives, "*.deb"))
        {
            File.Delete(stale);
        }

        var resolv = Path.Combine(Rootfs, "etc/resolv.conf");
        File.Copy("/etc/resolv.conf", resolv, overwrite: true);
        try
        {
            Run("chroot", Rootfs, "apt-get", "-q", "update");
            Run("chroot", [Rootfs, "apt-get", "-q", "-y", "--no-install-recommends", "install", "--download-only", .. packages]);
        }
        finally
        {
            File.Delete(resolv);
        }

        var building = target + ".building";
        if (Directory.Exists(building))
        {
            Run("rm", "-rf", building);
        }

        Directory.CreateDirectory(building);
        foreach (var deb in Directory.GetFiles(archives, "*.deb"))
        {
            File.Move(deb, Path.Combine(building, Path.GetFileName(deb)));
        }

        Directory.Move(building, target);
        return target;
    }

    /// <summary>An exclusive lock on <c>CacheRoot/debian-Version.lock</c> (flock through FileShare.None), waited for.</summary>
    private static FileStream Lock()
    {
        Directory.CreateDirectory(CacheRoot);
        var path = Path.Combine(CacheRoot, $"debian-{Version}.lock");
        var deadline = DateTime.UtcNow + LockPatience;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(1000);
            }
        }
    }

    private static void Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var p = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)}: exit {p.ExitCode}\n{stdout.Result}\n{stderr.Result}");
        }
    }
}
