using System.Text;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Contacts.Import;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Tests.Contacts;

public sealed class ContactCsvExporterTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("+1+1", "'+1+1")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("Ada", "Ada")]
    [InlineData("", "")]
    public void Cells_that_a_spreadsheet_would_run_as_formulas_get_a_leading_quote(string cell, string expected)
    {
        Assert.Equal(expected, CsvFormulaGuard.Protect(cell));
    }

    [Fact]
    public async Task Export_writes_the_filtered_contacts_protected_and_audits_the_count()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        await bed.AddAsync("=cmd|' /C calc'!A0", "+447700900001", zone: "North", groups: ["Staff"]);
        await bed.AddAsync("محمد العلي", "+9613123456", language: "ar", zone: "North");
        await bed.AddAsync("Elsewhere", "+447700900003", zone: "South");

        using var output = new MemoryStream();
        var count = await bed.Exporter.WriteAsync(output, new ContactFilter(Zone: "North"), ContactsTestBed.Operator);

        Assert.Equal(2, count);
        var bytes = output.ToArray();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("name,phone,whatsapp,language,zone,groups,tags,lat,lon,external_id,consent,consent_source,consent_at", lines[0]);
        Assert.StartsWith("'=cmd|' /C calc'!A0,'+447700900001,", lines[1]);
        Assert.Contains("محمد العلي", lines[2]);
        Assert.DoesNotContain(lines, l => l.Contains("Elsewhere"));

        await using var db = bed.Db();
        var entry = await db.Set<AuditEntry>().SingleAsync(e => e.Action == AuditActions.ContactsExported);
        Assert.Contains("2 contacts", entry.Details);
        Assert.Contains("zone North", entry.Details);
    }

    [Fact]
    public async Task An_exported_file_imports_back_unchanged()
    {
        await using var bed = await ContactsTestBed.CreateAsync();
        await bed.AddAsync("=Formula Name", "+447700900001", ConsentStatus.OptedOut, "fr-CA", "North", ["Staff", "-minus"], ["first-aid"], "E1");
        using var output = new MemoryStream();
        await bed.Exporter.WriteAsync(output, new ContactFilter(), ContactsTestBed.Operator);

        var content = ContactCsvReader.Read(output.ToArray());

        var row = Assert.Single(content.Rows);
        Assert.Empty(content.Rejections);
        Assert.Equal(("=Formula Name", "+447700900001", "fr-CA", "North", "E1", ConsentStatus.OptedOut),
            (row.Name, row.Phone, row.Language, row.Zone, row.ExternalId, row.Consent));
        Assert.Equal(["-minus", "Staff"], row.Groups.Order(StringComparer.Ordinal));
        Assert.Equal(["first-aid"], row.Tags);
    }
}
