using System.Reflection;
using System.Runtime.InteropServices;
using SQLitePCL;

namespace Berth.Storage.Sqlite;

/// <summary>
/// Points SQLitePCLRaw at the system's SQLite, <c>libsqlite3.so.0</c> (Debian's libsqlite3-0), through
/// SQLitePCLRaw's plain <c>sqlite3</c> provider. The provider asks for "sqlite3", which the loader would look up as
/// <c>libsqlite3.so</c> (only present with the -dev package), so a resolver maps it to the runtime soname. Nothing
/// native ships next to the binary. The NativeAOT berth binary links Debian's static <c>libsqlite3.a</c> in when the
/// build machine has it (Berth.Cli.csproj, DirectPInvoke "sqlite3"): the resolver is then never asked, and is not set
/// (the binary says so with the <see cref="LinkedInSwitch"/> switch; setting it cost ~0.4 ms of reflection per command).
/// </summary>
internal static class SqliteNative
{
    /// <summary>The AppContext switch a binary with SQLite linked in sets (Berth.Cli.csproj).</summary>
    internal const string LinkedInSwitch = "Berth.Storage.SqliteLinkedIn";

    private static readonly Lock Gate = new();
    private static bool initialized;

    public static void EnsureInitialized()
    {
        lock (Gate)
        {
            if (initialized)
            {
                return;
            }

            if (!AppContext.TryGetSwitch(LinkedInSwitch, out var linkedIn) || !linkedIn)
            {
                try
                {
                    NativeLibrary.SetDllImportResolver(typeof(SQLite3Provider_sqlite3).Assembly, Resolve);
                }
                catch (InvalidOperationException)
                {
                    // Someone else in this process set a resolver for the provider already; theirs stands.
                }
            }

            raw.SetProvider(new SQLite3Provider_sqlite3());
            initialized = true;
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != "sqlite3")
        {
            return IntPtr.Zero;
        }

        foreach (var candidate in (ReadOnlySpan<string>)["libsqlite3.so.0", "libsqlite3.so"])
        {
            if (NativeLibrary.TryLoad(candidate, out var handle))
            {
                return handle;
            }
        }

        throw new BerthException(
            ErrorKind.Unavailable,
            "cannot load the SQLite library libsqlite3.so.0: install it (apt-get install libsqlite3-0)");
    }
}
