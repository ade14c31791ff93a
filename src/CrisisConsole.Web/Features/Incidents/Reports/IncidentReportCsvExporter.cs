using System.Globalization;
using System.Text;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.CheckIns;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Deliveries;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Incidents.Reports;

/// <summary>
/// The report's raw data as CSV: one row per delivery, and one row per answer (each check-in with its history).
/// Streamed broadcast by broadcast in keyset batches through the BroadcastId indexes, so 100,000 deliveries never
/// sit in memory. Every cell goes through <see cref="CsvFormulaGuard"/> (the contacts export's guard); UTF-8 with a
/// byte-order mark so spreadsheets show Arabic as written. Each export is audited (it holds names and numbers).
/// </summary>
public sealed class IncidentReportCsvExporter(IDbContextFactory<AppDbContext> contexts, AuditLog audit)
{
    private const int BatchSize = 2_000;

    public static readonly IReadOnlyList<string> DeliveryHeader =
    [
        "broadcast_id", "template", "delivery_id", "contact_id", "contact_name", "phone", "zone", "channel", "provider", "status",
        "sent_at", "delivered_at", "read_at", "failed_at", "error_code", "error_reason", "fallback_for_delivery_id",
    ];

    public static readonly IReadOnlyList<string> AnswerHeader =
    [
        "broadcast_id", "contact_id", "contact_name", "phone", "zone", "current_answer", "current_answered_at",
        "answer", "answered_at", "previous_answer", "applied", "recorded_at",
    ];

    /// <summary>Writes the deliveries of the incident's broadcasts; returns how many.</summary>
    public async Task<int> WriteDeliveriesAsync(Stream output, int incidentId, AuditActor actor, CancellationToken cancellationToken = default)
    {
        var count = 0;
        try
        {
            using var csv = new CsvBatchWriter(output);
            await csv.StartAsync(DeliveryHeader, cancellationToken);
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            foreach (var broadcast in await BroadcastsAsync(db, incidentId, cancellationToken))
            {
                long lastId = 0;
                while (true)
                {
                    var batch = await (
                        from d in db.Set<Delivery>().AsNoTracking()
                        where d.BroadcastId == broadcast.Id && d.Id > lastId
                        join c in db.Set<Contact>() on d.ContactId equals (int?)c.Id into contacts
                        from c in contacts.DefaultIfEmpty()
                        orderby d.Id
                        select new { d, Name = c == null ? null : c.Name, Zone = c == null ? null : c.Zone })
                        .Take(BatchSize).ToListAsync(cancellationToken);
                    if (batch.Count == 0)
                    {
                        break;
                    }

                    foreach (var row in batch)
                    {
                        var d = row.d;
                        csv.Write([Number(broadcast.Id), broadcast.TemplateName, Number(d.Id), Number(d.ContactId), row.Name, d.ToAddress, row.Zone,
                            d.Channel.ToString(), d.Provider.ToString(), d.Status.ToString(), Time(d.SentAt), Time(d.DeliveredAt), Time(d.ReadAt),
                            Time(d.FailedAt), d.ErrorCode, d.ErrorReason, Number(d.FallbackForDeliveryId)]);
                    }

                    count += batch.Count;
                    lastId = batch[^1].d.Id;
                    await csv.FlushAsync(cancellationToken);
                }
            }
        }
        finally
        {
            await audit.RecordAsync(actor, AuditActions.IncidentReportExported, nameof(Incident), incidentId.ToString(),
                $"Deliveries CSV of incident #{incidentId}: {count} rows", CancellationToken.None);
        }

        return count;
    }

    /// <summary>Writes every answer to the incident's check-ins (the history, oldest first per person); returns how many rows.</summary>
    public async Task<int> WriteAnswersAsync(Stream output, int incidentId, AuditActor actor, CancellationToken cancellationToken = default)
    {
        var count = 0;
        try
        {
            using var csv = new CsvBatchWriter(output);
            await csv.StartAsync(AnswerHeader, cancellationToken);
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            foreach (var broadcast in await BroadcastsAsync(db, incidentId, cancellationToken))
            {
                long lastId = 0;
                while (true)
                {
                    var batch = await (
                        from k in db.Set<CheckIn>().AsNoTracking()
                        where k.BroadcastId == broadcast.Id && k.Id > lastId
                        join c in db.Set<Contact>() on k.ContactId equals c.Id
                        orderby k.Id
                        select new { k.Id, k.ContactId, k.Answer, k.AnsweredAt, c.Name, c.Phone, c.Zone })
                        .Take(BatchSize).ToListAsync(cancellationToken);
                    if (batch.Count == 0)
                    {
                        break;
                    }

                    var ids = batch.Select(k => k.Id).ToList();
                    var history = (await db.Set<CheckInChange>().AsNoTracking().Where(h => ids.Contains(h.CheckInId))
                        .OrderBy(h => h.AnsweredAt).ThenBy(h => h.Id).ToListAsync(cancellationToken)).ToLookup(h => h.CheckInId);
                    foreach (var k in batch)
                    {
                        string?[] person = [Number(broadcast.Id), Number(k.ContactId), k.Name, k.Phone, k.Zone, k.Answer.ToString(), Time(k.AnsweredAt)];
                        var changes = history[k.Id].ToList();
                        if (changes.Count == 0)
                        {
                            // Recorded without a history (older data): the current answer is the only one known.
                            csv.Write([.. person, k.Answer.ToString(), Time(k.AnsweredAt), null, null, null]);
                            count++;
                        }

                        foreach (var h in changes)
                        {
                            csv.Write([.. person, h.To.ToString(), Time(h.AnsweredAt), h.From?.ToString(), h.Applied ? "yes" : "no", Time(h.RecordedAt)]);
                            count++;
                        }
                    }

                    lastId = batch[^1].Id;
                    await csv.FlushAsync(cancellationToken);
                }
            }
        }
        finally
        {
            await audit.RecordAsync(actor, AuditActions.IncidentReportExported, nameof(Incident), incidentId.ToString(),
                $"Answers CSV of incident #{incidentId}: {count} rows", CancellationToken.None);
        }

        return count;
    }

    /// <summary>The broadcasts the report counts (see <see cref="IncidentReportSql.IncidentBroadcasts"/>): a drill broadcast under a real incident is left out.</summary>
    private static async Task<List<BroadcastRef>> BroadcastsAsync(AppDbContext db, int incidentId, CancellationToken cancellationToken) =>
        await (from b in db.Set<Broadcast>().AsNoTracking()
               join i in db.Set<Incident>() on b.IncidentId equals (int?)i.Id
               where i.Id == incidentId && (i.IsDrill || !b.IsDrill)
               orderby b.Id
               select new BroadcastRef(b.Id, b.TemplateName)).ToListAsync(cancellationToken);

    private static string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private sealed record BroadcastRef(int Id, string TemplateName);

    /// <summary>
    /// Formats a batch of records into memory and writes it to the response asynchronously (Kestrel refuses
    /// synchronous writes, which a CsvWriter straight on the body would make when its buffer fills).
    /// </summary>
    private sealed class CsvBatchWriter(Stream output) : IDisposable
    {
        private readonly StringWriter text = new(CultureInfo.InvariantCulture);
        private CsvWriter? csv;

        public async Task StartAsync(IEnumerable<string> header, CancellationToken cancellationToken)
        {
            csv = new CsvWriter(text, CultureInfo.InvariantCulture, leaveOpen: true);
            await output.WriteAsync(Encoding.UTF8.Preamble.ToArray(), cancellationToken);
            Write(header);
            await FlushAsync(cancellationToken);
        }

        public void Write(IEnumerable<string?> cells)
        {
            foreach (var cell in cells)
            {
                csv!.WriteField(CsvFormulaGuard.Protect(cell));
            }

            csv!.NextRecord();
        }

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            csv!.Flush();
            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            text.GetStringBuilder().Clear();
            await output.WriteAsync(bytes, cancellationToken);
        }

        public void Dispose()
        {
            csv?.Dispose();
            text.Dispose();
        }
    }
}
