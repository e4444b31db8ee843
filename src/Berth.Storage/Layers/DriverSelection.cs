using Berth.Config;
using Berth.Platform;
using Berth.Storage.Sqlite;
using Berth.Storage.Staging;

namespace Berth.Storage.Layers;

/// <summary>
/// Which driver a store uses. The first open of a store decides — the configured driver (<c>--storage-driver</c>,
/// storage.conf), else the first usable one of <c>driver_priority</c>, else overlay when the kernel can mount it on the
/// graph root's file system, else vfs — and records it in the database. Later opens use the recorded driver; asking
/// for another one is refused (as podman refuses a driver that does not match its database) unless the store holds no
/// layers yet.
/// </summary>
internal static class DriverSelection
{
    private const string DriverKey = "driver";
    private const string OverlayProbeKey = "overlay.probe";

    public static ILayerDriver Choose(StorageConf conf, StoreDatabase db, StoreLayout layout, StagingArea staging)
    {
        var requested = string.IsNullOrWhiteSpace(conf.Driver) ? null : conf.Driver.Trim();
        if (requested is not null)
        {
            RequireKnown(requested);
        }

        var recorded = db.Read(s => GetMeta(s, DriverKey));
        string chosen;
        if (requested is not null)
        {
            if (recorded is not null && recorded != requested && HasLayers(db))
            {
                throw BerthException.InvalidArgument(
                    $"database storage graph driver \"{recorded}\" does not match our storage graph driver \"{requested}\": database configuration mismatch; " +
                    $"use --storage-driver {recorded}, or remove the store at {layout.GraphRoot} (berth system reset) to change drivers");
            }

            if (requested == OverlayDriver.DriverName && !OverlaySupported(db, staging))
            {
                throw BerthException.Unavailable(
                    $"the overlay storage driver is not supported on {layout.GraphRoot}: the kernel refused an overlay mount there; use --storage-driver vfs");
            }

            chosen = requested;
        }
        else if (recorded is not null)
        {
            chosen = recorded;
        }
        else
        {
            chosen = conf.DriverPriority.FirstOrDefault(d => IsKnown(d) && (d != OverlayDriver.DriverName || OverlaySupported(db, staging)))
                ?? (OverlaySupported(db, staging) ? OverlayDriver.DriverName : VfsDriver.DriverName);
        }

        if (recorded != chosen)
        {
            db.Write(s => SetMeta(s, DriverKey, chosen));
        }

        return Create(chosen, layout);
    }

    public static ILayerDriver Create(string name, StoreLayout layout) => name switch
    {
        OverlayDriver.DriverName => new OverlayDriver(layout.DriverDirectory(OverlayDriver.DriverName)),
        VfsDriver.DriverName => new VfsDriver(),
        _ => throw new BerthException(ErrorKind.Internal, $"unknown storage driver \"{name}\" recorded in the store"),
    };

    /// <summary>Whether overlay works on the graph root, probed once per kernel release and remembered in the database.</summary>
    internal static bool OverlaySupported(StoreDatabase db, StagingArea staging)
    {
        var kernel = ReadKernelRelease();
        var cached = db.Read(s => GetMeta(s, OverlayProbeKey));
        if (cached is not null && cached.StartsWith(kernel + ":", StringComparison.Ordinal))
        {
            return cached.EndsWith(":yes", StringComparison.Ordinal);
        }

        var supported = Probe(staging);
        db.Write(s => SetMeta(s, OverlayProbeKey, $"{kernel}:{(supported ? "yes" : "no")}"));
        return supported;
    }

    /// <summary>Mounts a two-lower overlay with an upper in the staging area and writes through it.</summary>
    internal static bool Probe(StagingArea staging)
    {
        var root = staging.CreateDirectory("probe");
        var merged = Path.Combine(root, "merged");
        var mounted = false;
        try
        {
            foreach (var dir in (ReadOnlySpan<string>)["lower1", "lower2", "upper", "work", "merged"])
            {
                Directory.CreateDirectory(Path.Combine(root, dir));
            }

            File.WriteAllText(Path.Combine(root, "lower1", "probe"), "probe");
            KernelMounts.Apply(new Mount(
                "overlay",
                "overlay",
                merged,
                [$"lowerdir={Path.Combine(root, "lower2")}:{Path.Combine(root, "lower1")}", $"upperdir={Path.Combine(root, "upper")}", $"workdir={Path.Combine(root, "work")}"]));
            mounted = true;
            File.AppendAllText(Path.Combine(merged, "probe"), "copy-up");
            return File.Exists(Path.Combine(root, "upper", "probe"));
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        finally
        {
            if (mounted)
            {
                KernelMounts.Unmount(merged, detach: true);
            }

            Tree.Remove(root);
        }
    }

    private static bool HasLayers(StoreDatabase db) =>
        db.Read(s => s.Scalar("SELECT (SELECT COUNT(*) FROM layers) + (SELECT COUNT(*) FROM container_layers)")) > 0;

    private static bool IsKnown(string name) => name is OverlayDriver.DriverName or VfsDriver.DriverName;

    private static void RequireKnown(string name)
    {
        if (!IsKnown(name))
        {
            throw BerthException.InvalidArgument($"storage driver \"{name}\" is not supported by berth: use overlay or vfs");
        }
    }

    private static string ReadKernelRelease()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    internal static string? GetMeta(StoreDatabase.Session s, string key) =>
        s.Query("SELECT value FROM store_meta WHERE key = $k", r => r.GetString(0), ("$k", key)).FirstOrDefault();

    internal static void SetMeta(StoreDatabase.Session s, string key, string value) =>
        s.Execute("INSERT INTO store_meta (key, value) VALUES ($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value", ("$k", key), ("$v", value));
}
