using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Berth.Storage.Sqlite;

/// <summary>
/// The store's SQLite database: one connection per open store, WAL, foreign keys on, a 30 s busy timeout so that
/// concurrent processes wait for each other instead of failing. Every change runs in one <c>BEGIN IMMEDIATE</c>
/// transaction (<see cref="Write{T}"/>); calls from several threads are serialized.
/// </summary>
internal sealed class StoreDatabase : IDisposable
{
    private const int BusyTimeoutMs = 30_000;
    private readonly Lock gate = new();
    private readonly SqliteConnection connection;

    private StoreDatabase(SqliteConnection connection)
    {
        this.connection = connection;
    }

    public static StoreDatabase Open(string path, string[]? migrations = null)
    {
        SqliteNative.EnsureInitialized();
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = BusyTimeoutMs / 1000,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            var db = new StoreDatabase(connection);
            db.Execute($"PRAGMA busy_timeout = {BusyTimeoutMs.ToString(CultureInfo.InvariantCulture)}");
            db.Execute("PRAGMA journal_mode = WAL");
            db.Execute("PRAGMA synchronous = FULL");
            db.Execute("PRAGMA foreign_keys = ON");
            Migrations.Apply(db, migrations ?? Migrations.Steps);
            return db;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new BerthException(ErrorKind.Internal, $"cannot open the storage database {path}: {e.Message}", e);
        }
        catch
        {
            connection.Dispose();
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
                catch (SqliteException)
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
    /// durable commit right after syncs along (a container layer before its container's record): the commit is not synced (WAL with <c>synchronous = NORMAL</c>). It survives the process being killed; a power loss
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

    public void Dispose() => connection.Dispose();

    private void RawExecute(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The statements of one transaction.</summary>
    internal readonly struct Session
    {
        private readonly StoreDatabase db;

        internal Session(StoreDatabase db)
        {
            this.db = db;
        }

        public int Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
        {
            using var command = Create(sql, parameters);
            return command.ExecuteNonQuery();
        }

        public long Scalar(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
        {
            using var command = Create(sql, parameters);
            var value = command.ExecuteScalar();
            return value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }

        public List<T> Query<T>(string sql, Func<SqliteDataReader, T> row, params ReadOnlySpan<(string Name, object? Value)> parameters)
        {
            using var command = Create(sql, parameters);
            using var reader = command.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read())
            {
                rows.Add(row(reader));
            }

            return rows;
        }

        private SqliteCommand Create(string sql, ReadOnlySpan<(string Name, object? Value)> parameters)
        {
            var command = db.connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            return command;
        }
    }
}
