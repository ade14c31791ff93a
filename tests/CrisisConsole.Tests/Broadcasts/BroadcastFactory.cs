using System.Data.Common;
using CrisisConsole.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Tests.Broadcasts;

/// <summary>
/// The app with known dispatch rates (WhatsApp 2/s, SMS 1/s, reach limit 5 per day) and a switch
/// that fails one SQL statement on request (to prove approval is all or nothing).
/// </summary>
public sealed class BroadcastFactory : CrisisConsoleFactory
{
    public BroadcastFactory()
    {
        Settings["Dispatch:WhatsAppPerSecond"] = "2";
        Settings["Dispatch:SmsPerSecond"] = "1";
        Settings["Dispatch:WhatsAppDailyReachLimit"] = "5";
        Settings["Dispatch:WhatsAppProvider"] = "MetaWhatsApp";
    }

    public SqlFaults Faults { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IInterceptor>(Faults));
    }
}

/// <summary>Fails the first EF command whose text matches <see cref="FailWhen"/>, once.</summary>
public sealed class SqlFaults : DbCommandInterceptor
{
    public Func<string, bool>? FailWhen { get; set; }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void Check(DbCommand command)
    {
        if (FailWhen is { } fail && fail(command.CommandText))
        {
            FailWhen = null;
            throw new InvalidOperationException("Injected failure for the test.");
        }
    }
}
