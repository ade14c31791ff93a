using CrisisConsole.Tests.Contacts;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Incidents.Reports;
using CrisisConsole.Web.Features.Metrics;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Tests.IncidentReports;

/// <summary>The report and metrics services over a SQLite file of their own, without the web host.</summary>
internal sealed class ReportTestBed : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = ReportTestData.T0.AddHours(2);
    public static readonly AuditActor Operator = new("user-1", "operator@test.local");

    private readonly TestDatabase database = new();

    private ReportTestBed()
    {
        Contexts = new Factory(database);
        Clock = new FixedClock(Now);
        Audit = new AuditLog(Contexts, Clock);
        Reports = new IncidentReportBuilder(Contexts, Clock);
        Reviews = new IncidentReviewService(Contexts, Audit, Clock);
        Exporter = new IncidentReportCsvExporter(Contexts, Audit);
        Metrics = new MetricsQueries(Contexts);
        Data = new ReportTestData(Contexts.CreateDbContext);
    }

    public IDbContextFactory<AppDbContext> Contexts { get; }
    public FixedClock Clock { get; }
    public AuditLog Audit { get; }
    public IncidentReportBuilder Reports { get; }
    public IncidentReviewService Reviews { get; }
    public IncidentReportCsvExporter Exporter { get; }
    public MetricsQueries Metrics { get; }
    public ReportTestData Data { get; }

    public static async Task<ReportTestBed> CreateAsync()
    {
        var bed = new ReportTestBed();
        await using var db = bed.Contexts.CreateDbContext();
        await db.Database.MigrateAsync();
        return bed;
    }

    public AppDbContext Db() => Contexts.CreateDbContext();

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        database.Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed class Factory(TestDatabase database) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => database.CreateContext();
    }
}
