using System.Globalization;
using SQLitePCL;

namespace Berth.Storage.Sqlite;

/// <summary>
/// The store's SQLite database: one connection per open store, WAL, foreign keys on, a 30 s busy timeout so that
/// concurrent processes wait for each other instead of failing. Every change runs in one <c>BEGIN IMMEDIATE</c>
/// transaction (<see cref="Write{T}"/>); calls from several threads are serialized. It talks to SQLite through
/// SQLitePCLRaw's plain calls: an ADO.NET layer costs every command a few milliseconds of start-up (connection-string
/// parsing, command and parameter objects) and buys nothing here.
/// </summary>
internal sealed class StoreDatabase : IDisposable
{
    private const int BusyTimeoutMs = 30_000;

    /// <summary>
    /// The WAL is copied into the database once it holds this many pages (SQLite's default is 1000), by the commit
    /// that crosses it. It also bounds what an open has to read back: see <see cref="Open"/>.
    /// </summary>
    internal const int AutoCheckpointPages = 128;
    private readonly Lock gate = new();
    private readonly sqlite3 connection;
    private readonly string walPath;
    private bool syncOwed;

    private StoreDatabase(sqlite3 connection, string path)
    {
        this.connection = connection;
        walPath = path + "-wal";
    }

    public static StoreDatabase Open(string path, string[]? migrations = null)
    {
        SqliteNative.EnsureInitialized();
        var rc = raw.sqlite3_open_v2(path, out var connection, raw.SQLITE_OPEN_READWRITE | raw.SQLITE_OPEN_CREATE, null);
        try
        {
            if (rc != raw.SQLITE_OK)
            {
                throw new SqliteError(rc, connection is null ? raw.sqlite3_errstr(rc).utf8_to_string() : raw.sqlite3_errmsg(connection).utf8_to_string());
            }

            raw.sqlite3_extended_result_codes(connection, 1);
            Check(connection, raw.sqlite3_busy_timeout(connection, BusyTimeoutMs));
            var db = new StoreDatabase(connection, path);
            db.Execute($"PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = {AutoCheckpointPages}");
            // No checkpoint when the last connection closes: every command would otherwise end by copying its pages into
            // the database file and deleting the WAL (two syncs and a file deletion, ~2 ms, on the way out of each
            // command), and the next one would create the WAL again. The WAL and its index stay; the next first
            // connection reads back the WAL's frames (about AutoCheckpointPages at most while no reader holds the WAL
            // back), as after a crash, which SQLite is built for. Durable commits stay durable; nothing else changes.
            Check(connection, raw.sqlite3_db_config(connection, raw.SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, out _));
            Migrations.Apply(db, migrations ?? Migrations.Steps);
            return db;
        }
        catch (SqliteError e)
        {
            connection?.Dispose();
            throw new BerthException(ErrorKind.Internal, $"cannot open the storage database {path}: {e.Message}", e);
        }
        catch
        {
            connection?.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction; an exception rolls it back.</summary>
    public T Write<T>(Func<Session, T> work)
    {
        lock (gate)
        {
            RawExecute("BEGIN IMMEDIATE");
            try
            {
                var result = work(new Session(this));
                RawExecute("COMMIT");
                return result;
            }
            catch
            {
                try
                {
                    RawExecute("ROLLBACK");
                }
                catch (SqliteError)
                {
                    // The failed statement may have ended the transaction already.
                }

                throw;
            }
        }
    }

    public void Write(Action<Session> work) => Write(s =>
    {
        work(s);
        return 0;
    });

    /// <summary>
    /// <see cref="Write{T}"/> for rows that a reboot makes void anyway (container states, mount counts) or that a
    /// durable commit right after syncs along (a container layer before its container's record, whose sync comes by
    /// the time the store closes: <see cref="WriteSyncedLater{T}"/>): the commit is not synced (WAL with <c>synchronous = NORMAL</c>). It survives the process being killed; a power loss
    /// may take it back, and only with every later commit, so the database stays consistent. The next durable commit
    /// syncs it along.
    /// </summary>
    public void WriteVolatile(Action<Session> work) => WriteVolatile(s =>
    {
        work(s);
        return 0;
    });

    /// <inheritdoc cref="WriteVolatile(Action{Session})"/>
    public T WriteVolatile<T>(Func<Session, T> work)
    {
        lock (gate)
        {
            RawExecute("PRAGMA synchronous = NORMAL");
            try
            {
                return Write(work);
            }
            finally
            {
                RawExecute("PRAGMA synchronous = FULL");
            }
        }
    }

    /// <summary>
    /// A write that is durable once the database is closed (<see cref="Dispose"/> syncs it) or <see cref="SyncOwed"/>
    /// is called, rather than once it returns: committed as <see cref="WriteVolatile{T}"/>, the WAL's sync owed. For a
    /// record whose writer has more to do before its command ends (a container's record, written just before its
    /// conmon starts: the sync's ~1 ms is paid while the runtime creates the container, or at the end). A process
    /// killed meanwhile loses nothing; a power cut before the sync may take the write back, with every later one (the
    /// database stays consistent).
    /// </summary>
    public T WriteSyncedLater<T>(Func<Session, T> work)
    {
        lock (gate)
        {
            var result = WriteVolatile(work);
            syncOwed = true;
            return result;
        }
    }

    /// <summary>Syncs the WAL if a <see cref="WriteSyncedLater{T}"/> left its sync owed (on the calling thread).</summary>
    public void SyncOwed()
    {
        lock (gate)
        {
            if (!syncOwed)
            {
                return;
            }

            try
            {
                SyncWal();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new BerthException(ErrorKind.Internal, $"cannot sync the storage database's log {walPath}: {e.Message}", e);
            }

            syncOwed = false;
        }
    }

    /// <summary>fsync of the WAL: every frame committed so far is on disk (a WAL checkpointed away was synced then).</summary>
    private void SyncWal()
    {
        try
        {
            using var wal = File.OpenHandle(walPath, FileMode.Open, FileAccess.Read);
            RandomAccess.FlushToDisk(wal);
        }
        catch (FileNotFoundException)
        {
            // Checkpointed and removed: the database file was synced by the checkpoint.
        }
    }

    /// <summary>Runs <paramref name="work"/> in one read transaction (a consistent snapshot).</summary>
    public T Read<T>(Func<Session, T> work)
    {
        lock (gate)
        {
            RawExecute("BEGIN");
            try
            {
                return work(new Session(this));
            }
            finally
            {
                RawExecute("COMMIT");
            }
        }
    }

    public void Execute(string sql)
    {
        lock (gate)
        {
            RawExecute(sql);
        }
    }

    public void Dispose()
    {
        try
        {
            SyncOwed();
        }
        finally
        {
            connection.Dispose();
        }
    }

    private void RawExecute(string sql) => Run(sql, []);

    /// <summary>
    /// Runs every statement in <paramref name="sql"/> to its end, binding the parameters each one names; the rows
    /// changed by all of them.
    /// </summary>
    private int Run(string sql, ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var changed = 0;
        var rest = sql;
        while (rest.Length > 0)
        {
            Check(connection, raw.sqlite3_prepare_v2(connection, rest, out var statement, out var tail));
            rest = tail ?? "";
            if (statement is null || statement.IsInvalid)
            {
                // Only white space or a comment was left.
                continue;
            }

            using (statement)
            {
                Bind(statement, parameters);
                int rc;
                while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
                {
                    // A statement run for its effect (a PRAGMA answers with a row).
                }

                Check(connection, rc);
                if (raw.sqlite3_stmt_readonly(statement) == 0)
                {
                    changed += raw.sqlite3_changes(connection);
                }
            }
        }

        return changed;
    }

    private sqlite3_stmt Prepare(string sql, ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        Check(connection, raw.sqlite3_prepare_v2(connection, sql, out var statement, out _));
        if (statement is null || statement.IsInvalid)
        {
            throw new SqliteError(raw.SQLITE_MISUSE, $"no statement in \"{sql}\"");
        }

        try
        {
            Bind(statement, parameters);
            return statement;
        }
        catch
        {
            statement.Dispose();
            throw;
        }
    }

    /// <summary>Binds each parameter the statement names: text, integers and booleans (0/1), reals, blobs, null.</summary>
    private void Bind(sqlite3_stmt statement, ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            var index = raw.sqlite3_bind_parameter_index(statement, name);
            if (index == 0)
            {
                continue;
            }

            var rc = value switch
            {
                null => raw.sqlite3_bind_null(statement, index),
                string text => raw.sqlite3_bind_text(statement, index, text),
                long number => raw.sqlite3_bind_int64(statement, index, number),
                int number => raw.sqlite3_bind_int64(statement, index, number),
                uint number => raw.sqlite3_bind_int64(statement, index, number),
                short number => raw.sqlite3_bind_int64(statement, index, number),
                ulong number => raw.sqlite3_bind_int64(statement, index, checked((long)number)),
                bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
                double real => raw.sqlite3_bind_double(statement, index, real),
                byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
                _ => throw new ArgumentException($"parameter {name}: no SQLite type for {value.GetType().Name}", nameof(parameters)),
            };
            Check(connection, rc);
        }
    }

    private static void Check(sqlite3 connection, int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            throw new SqliteError(rc, raw.sqlite3_errmsg(connection).utf8_to_string());
        }
    }

    /// <summary>The statements of one transaction.</summary>
    internal readonly struct Session
    {
        private readonly StoreDatabase db;

        internal Session(StoreDatabase db)
        {
            this.db = db;
        }

        public int Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) => db.Run(sql, parameters);

        /// <summary>The first column of the first row as a number; 0 when there is no row or it is NULL.</summary>
        public long Scalar(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
        {
            using var statement = db.Prepare(sql, parameters);
            var rc = raw.sqlite3_step(statement);
            Check(db.connection, rc);
            return rc == raw.SQLITE_ROW && raw.sqlite3_column_type(statement, 0) != raw.SQLITE_NULL
                ? raw.sqlite3_column_int64(statement, 0)
                : 0;
        }

        public List<T> Query<T>(string sql, Func<Row, T> row, params ReadOnlySpan<(string Name, object? Value)> parameters)
        {
            using var statement = db.Prepare(sql, parameters);
            var rows = new List<T>();
            int rc;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                rows.Add(row(new Row(statement)));
            }

            Check(db.connection, rc);
            return rows;
        }
    }

    /// <summary>The current row of a query: its columns by index.</summary>
    internal readonly struct Row
    {
        private readonly sqlite3_stmt statement;

        internal Row(sqlite3_stmt statement)
        {
            this.statement = statement;
        }

        public bool IsDBNull(int column) => raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL;

        public string GetString(int column) => IsDBNull(column)
            ? throw new InvalidOperationException($"column {column.ToString(CultureInfo.InvariantCulture)} is NULL")
            : raw.sqlite3_column_text(statement, column).utf8_to_string();

        public long GetInt64(int column) => IsDBNull(column)
            ? throw new InvalidOperationException($"column {column.ToString(CultureInfo.InvariantCulture)} is NULL")
            : raw.sqlite3_column_int64(statement, column);
    }
}

/// <summary>An SQLite call failed: its result code and SQLite's message.</summary>
internal sealed class SqliteError : Exception
{
    public SqliteError(int code, string message)
        : base($"SQLite error {code.ToString(CultureInfo.InvariantCulture)}: {message}")
    {
    }

    public SqliteError()
    {
    }

    public SqliteError(string message)
        : base(message)
    {
    }

    public SqliteError(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
