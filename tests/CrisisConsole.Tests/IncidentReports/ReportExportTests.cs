using System.Globalization;
using System.Text;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.CheckIns;
using CrisisConsole.Web.Features.Incidents.Reports;
using CrisisConsole.Web.Features.Templates;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using static CrisisConsole.Tests.IncidentReports.ReportTestData;

namespace CrisisConsole.Tests.IncidentReports;

/// <summary>The CSV exports and the Markdown report: columns, escaping, the formula guard, Arabic text.</summary>
public sealed class ReportExportTests : IAsyncLifetime
{
    private ReportTestBed bed = null!;

    public async Task InitializeAsync() => bed = await ReportTestBed.CreateAsync();

    public async Task DisposeAsync() => await bed.DisposeAsync();

    [Fact]
    public async Task The_deliveries_csv_has_one_row_per_delivery_with_its_times_and_fallback()
    {
        var known = await bed.Data.AddKnownIncidentAsync();

        var (bytes, count) = await DeliveriesAsync(known.Incident.Id);
        var rows = Parse(bytes);

        Assert.Equal(9, count);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.Equal(IncidentReportCsvExporter.DeliveryHeader, rows[0]);
        Assert.Equal(10, rows.Count);
        var saraSms = rows.Single(r => r[4] == "سارة الخطيب" && r[7] == "Sms");
        Assert.Equal(("'" + known.Sara.Phone, "East", "TwilioSms", "Failed"), (saraSms[5], saraSms[6], saraSms[8], saraSms[9]));
        Assert.Equal(("2026-03-02T08:01:10.000Z", "2026-03-02T08:01:20.000Z", "30003", "Unreachable destination handset"),
            (saraSms[10], saraSms[13], saraSms[14], saraSms[15]));
        var saraWhatsApp = rows.Single(r => r[4] == "سارة الخطيب" && r[7] == "WhatsApp");
        Assert.Equal(saraWhatsApp[2], saraSms[16]);
        Assert.DoesNotContain(rows, r => r[4] == "Drill Only");
    }

    [Fact]
    public async Task Csv_cells_that_would_run_as_formulas_are_quoted_and_commas_and_quotes_survive()
    {
        var incident = await bed.Data.AddIncidentAsync();
        var alert = await bed.Data.AddBroadcastAsync(incident.Id, TemplateCategory.CheckIn, T0);
        var attacker = await bed.Data.AddContactAsync("=HYPERLINK(\"http://evil\",\"x\")", "@zone");
        await bed.Data.AddDeliveryAsync(alert.Id, attacker, MessageChannel.Sms, DeliveryStatus.Failed, sentAt: T0, failedAt: T0,
            errorCode: "-1", errorReason: "Bad \"number\", try again");

        var (bytes, _) = await DeliveriesAsync(incident.Id);
        var row = Parse(bytes)[1];

        Assert.Equal("'=HYPERLINK(\"http://evil\",\"x\")", row[4]);
        Assert.Equal("'@zone", row[6]);
        Assert.Equal("'-1", row[14]);
        Assert.Equal("Bad \"number\", try again", row[15]);
        Assert.Contains("\"Bad \"\"number\"\", try again\"", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task The_answers_csv_lists_every_answer_with_what_it_replaced()
    {
        var known = await bed.Data.AddKnownIncidentAsync();

        using var output = new MemoryStream();
        var count = await bed.Exporter.WriteAnswersAsync(output, known.Incident.Id, ReportTestBed.Operator);
        var rows = Parse(output.ToArray());

        Assert.Equal(6, count);
        Assert.Equal(IncidentReportCsvExporter.AnswerHeader, rows[0]);
        var bruno = rows.Where(r => r[2] == "Bruno Petit").ToList();
        Assert.Equal(
            [["Safe", "NeedsHelp", "2026-03-02T08:00:30.000Z", "", "yes"], ["Safe", "Safe", "2026-03-02T08:02:00.000Z", "NeedsHelp", "yes"]],
            bruno.Select(r => new[] { r[5], r[7], r[8], r[9], r[10] }));
        Assert.DoesNotContain(rows, r => r[2] == "Fatou Diallo");
    }

    [Fact]
    public async Task Every_export_is_audited_without_names_or_numbers()
    {
        var known = await bed.Data.AddKnownIncidentAsync();

        await DeliveriesAsync(known.Incident.Id);
        await bed.Exporter.WriteAnswersAsync(new MemoryStream(), known.Incident.Id, ReportTestBed.Operator);

        await using var db = bed.Db();
        var entries = await db.Set<AuditEntry>().Where(e => e.Action == AuditActions.IncidentReportExported).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([$"Deliveries CSV of incident #{known.Incident.Id}: 9 rows", $"Answers CSV of incident #{known.Incident.Id}: 6 rows"],
            entries.Select(e => e.Details));
    }

    [Fact]
    public async Task The_markdown_report_holds_the_figures_and_the_arabic_names_as_written()
    {
        var known = await bed.Data.AddKnownIncidentAsync();
        var report = (await bed.Reports.BuildAsync(known.Incident.Id))!;

        var markdown = IncidentReportMarkdown.Render(report);

        Assert.StartsWith("# Post-incident report: Flood in the river valley\n", markdown.ReplaceLineEndings("\n"));
        Assert.Contains("| All channels | 9 | 8 | 5 | 1 | 3 | 62.5% | 6 s | 9.6 s |", markdown);
        Assert.Contains("| Time to safe | 1 min 30 s | 1 min 57 s | 3 |", markdown);
        Assert.Contains("- Safe: 3; need help: 1; no answer: 2", markdown);
        Assert.Contains($"| سارة الخطيب | East | {known.Sara.Phone} | SMS Failed |", markdown);
        Assert.Contains("SMS fallbacks: 2 sent, 1 delivered (50%), 1 failed.", markdown);
        Assert.DoesNotContain("DRILL", markdown);
    }

    [Fact]
    public async Task The_markdown_report_escapes_what_people_typed()
    {
        var incident = await bed.Data.AddIncidentAsync("# Breach | see [here](http://evil) <script>", drill: true);
        await bed.Reviews.SaveAsync(incident.Id, incident.Version, new IncidentReviewInput("- not a list\n1. not a list either", null, "**loud**"),
            ReportTestBed.Operator);
        var report = (await bed.Reports.BuildAsync(incident.Id))!;

        var markdown = IncidentReportMarkdown.Render(report);

        Assert.Contains("# Drill report: \\# Breach \\| see \\[here\\]\\(http://evil\\) &lt;script&gt;", markdown);
        Assert.Contains("> **DRILL**", markdown);
        Assert.Contains("\\- not a list", markdown);
        Assert.Contains("1\\. not a list either", markdown);
        Assert.Contains("\\*\\*loud\\*\\*", markdown);
        Assert.DoesNotContain("<script>", markdown);
    }

    private async Task<(byte[] Bytes, int Count)> DeliveriesAsync(int incidentId)
    {
        using var output = new MemoryStream();
        var count = await bed.Exporter.WriteDeliveriesAsync(output, incidentId, ReportTestBed.Operator);
        return (output.ToArray(), count);
    }

    private static List<string[]> Parse(byte[] bytes)
    {
        using var reader = new StringReader(Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF'));
        using var csv = new CsvParser(reader, CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (csv.Read())
        {
            rows.Add(csv.Record!);
        }

        return rows;
    }
}
