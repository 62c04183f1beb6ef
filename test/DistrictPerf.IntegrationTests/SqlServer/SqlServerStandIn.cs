using System.Data;
using System.Data.Common;
using DistrictPerf.Host.Persistence;
using DistrictPerf.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DistrictPerf.IntegrationTests.SqlServer;

/// <summary>
/// What the stand-in server saw when EF Core sent it its first command: the SQL, whether a
/// transaction was open, and the execution strategy the command ran inside (null: none).
/// </summary>
public sealed record StandInCommand(string Sql, bool InTransaction, string? Strategy);

/// <summary>Thrown instead of sending a command to the (absent) server: the provider got this far without refusing.</summary>
public sealed class StandInReachedException(StandInCommand command)
    : Exception($"The stand-in SQL Server was reached (transaction: {command.InTransaction}, strategy: {command.Strategy ?? "none"}): {command.Sql}")
{
    public StandInCommand Command { get; } = command;
}

/// <summary>
/// A stand-in for a SQL Server under the real <c>Microsoft.EntityFrameworkCore.SqlServer</c> provider
/// (its SqlServerRetryingExecutionStrategy from <c>EnableRetryOnFailure</c>, its connection and
/// transaction management, its SQL generator): when EF Core creates the DbConnection, an
/// interceptor hands it a <see cref="StandInConnection"/> instead of a SqlConnection — no network
/// I/O at all; opening it and starting a transaction succeed, and the first command EF Core
/// executes is recorded and answered with <see cref="StandInReachedException"/>. EF Core's check
/// that a retrying strategy wraps every user-initiated transaction runs before any command, so a
/// transaction site outside the strategy fails here exactly as on a real server.
/// </summary>
public sealed class StandInServer
{
    public const string ConnectionString =
        "Server=tcp:127.0.0.1,1;Database=DistrictPerfStandIn;User ID=standin;Password=not-used;Encrypt=false;Connect Timeout=1";

    private readonly List<StandInCommand> _commands = [];

    public int ConnectionsCreated { get; private set; }

    public IReadOnlyList<StandInCommand> Commands
    {
        get
        {
            lock (_commands)
            {
                return _commands.ToList();
            }
        }
    }

    public IInterceptor[] Interceptors => [new Connections(this)];

    internal StandInReachedException Reached(DbCommand command)
    {
        var seen = new StandInCommand(command.CommandText, command.Transaction is not null, StrategyProbe.ActiveStrategy?.GetType().Name);
        lock (_commands)
        {
            _commands.Add(seen);
        }

        return new StandInReachedException(seen);
    }

    private sealed class Connections(StandInServer server) : DbConnectionInterceptor
    {
        public override InterceptionResult<DbConnection> ConnectionCreating(ConnectionCreatingEventData eventData, InterceptionResult<DbConnection> result)
        {
            server.ConnectionsCreated++;
            return InterceptionResult<DbConnection>.SuppressWithResult(new StandInConnection(server, eventData.ConnectionString ?? ConnectionString));
        }
    }

    /// <summary>Reads EF Core's record of the strategy currently executing (protected static on <see cref="ExecutionStrategy"/>).</summary>
    private sealed class StrategyProbe : ExecutionStrategy
    {
        private StrategyProbe(ExecutionStrategyDependencies dependencies)
            : base(dependencies, 0, TimeSpan.Zero)
        {
        }

        public static ExecutionStrategy? ActiveStrategy => Current;

        protected override bool ShouldRetryOn(Exception exception) => false;
    }
}

/// <summary>The stand-in's connection: opens and begins transactions without any I/O; its commands reach <see cref="StandInServer"/>.</summary>
public sealed class StandInConnection(StandInServer server, string connectionString) : DbConnection
{
    private ConnectionState _state = ConnectionState.Closed;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string ConnectionString { get; set; } = connectionString;

    public override string Database => "DistrictPerfStandIn";

    public override string DataSource => "127.0.0.1,1";

    public override string ServerVersion => "16.00.1000";

    public override ConnectionState State => _state;

    public int Opens { get; private set; }

    public override void ChangeDatabase(string databaseName)
    {
    }

    public override void Open()
    {
        Opens++;
        _state = ConnectionState.Open;
    }

    public override void Close() => _state = ConnectionState.Closed;

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => new StandInTransaction(this, isolationLevel);

    protected override DbCommand CreateDbCommand() => new StandInDbCommand(server) { Connection = this };

    private sealed class StandInTransaction(DbConnection connection, IsolationLevel isolationLevel) : DbTransaction
    {
        public override IsolationLevel IsolationLevel => isolationLevel;

        protected override DbConnection DbConnection => connection;

        public override void Commit()
        {
        }

        public override void Rollback()
        {
        }
    }

    private sealed class StandInDbCommand(StandInServer server) : DbCommand
    {
        private readonly DbParameterCollection _parameters = new Microsoft.Data.SqlClient.SqlCommand().Parameters;

        [System.Diagnostics.CodeAnalysis.AllowNull]
        public override string CommandText { get; set; } = "";

        public override int CommandTimeout { get; set; }

        public override CommandType CommandType { get; set; }

        public override bool DesignTimeVisible { get; set; }

        public override UpdateRowSource UpdatedRowSource { get; set; }

        protected override DbConnection? DbConnection { get; set; }

        protected override DbParameterCollection DbParameterCollection => _parameters;

        protected override DbTransaction? DbTransaction { get; set; }

        public override void Cancel()
        {
        }

        /// <summary>Savepoints (EF Core sets one before SaveChanges inside a user transaction) succeed; anything else reaches the stand-in.</summary>
        public override int ExecuteNonQuery() =>
            CommandText.StartsWith("SAVE TRANSACTION ", StringComparison.Ordinal) && Transaction is not null ? -1 : throw server.Reached(this);

        public override object? ExecuteScalar() => throw server.Reached(this);

        public override void Prepare()
        {
        }

        protected override DbParameter CreateDbParameter() => new Microsoft.Data.SqlClient.SqlParameter();

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => throw server.Reached(this);
    }
}

/// <summary>
/// The app's own services (copied from the tests' started app, so every module, handler, behaviour,
/// job and seeder is registered as in production) with the database replaced the way production
/// does it: <c>Database:Provider=SqlServer</c> through the app's <see cref="DatabaseSetup"/> — the
/// real SQL Server provider with <c>EnableRetryOnFailure</c> — on a <see cref="StandInServer"/>.
/// Built once per app; no second app is started (Hangfire keeps statics that a second app's
/// disposal would break).
/// </summary>
public sealed class SqlServerStandInApp
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<AppFixture, SqlServerStandInApp> Built = [];

    private SqlServerStandInApp(AppFixture app)
    {
        var services = new ServiceCollection();
        foreach (var descriptor in app.AppServices)
        {
            ((ICollection<ServiceDescriptor>)services).Add(descriptor);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "SqlServer",
            [$"ConnectionStrings:{DatabaseSetup.ConnectionStringName}"] = StandInServer.ConnectionString,
        }).Build();
        services.AddDistrictPerfDatabase(configuration, app.Services.GetRequiredService<IHostEnvironment>());
        services.ConfigureDbContext<SqlServerDistrictPerfDbContext>(o => o.AddInterceptors(Server.Interceptors), ServiceLifetime.Singleton);
        Services = services.BuildServiceProvider();
    }

    public StandInServer Server { get; } = new();

    public ServiceProvider Services { get; }

    public static SqlServerStandInApp For(AppFixture app)
    {
        _ = app.Services; // the app is started, its registrations complete
        lock (Built)
        {
            return Built.GetValue(app, a => new SqlServerStandInApp(a));
        }
    }
}
