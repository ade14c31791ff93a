using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.ApiKeys;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Contacts;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Tests.Contacts;

/// <summary>The contacts API through the real app. Each test uses numbers of its own; the database is shared by the class.</summary>
public sealed class ContactsApiTests(CrisisConsoleFactory factory) : IClassFixture<CrisisConsoleFactory>
{
    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Get_by_phone_without_a_key_is_401()
    {
        var response = await factory.CreateClient().GetAsync("/api/v1/contacts?phone=%2B447700910001");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Get_by_phone_with_a_key_without_the_read_scope_is_403()
    {
        var client = await factory.CreateApiClientAsync(ApiScopes.Trigger);
        var response = await client.GetAsync("/api/v1/contacts?phone=%2B447700910001");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_phone_is_404_as_problem_details()
    {
        var client = await factory.CreateApiClientAsync(ApiScopes.Read);
        var response = await client.GetAsync("/api/v1/contacts?phone=%2B447700919999");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("7700919999", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("07700900001")]
    [InlineData("%2B44CALLME")]
    [InlineData("")]
    public async Task A_malformed_or_missing_phone_is_400_as_problem_details(string phone)
    {
        var client = await factory.CreateApiClientAsync(ApiScopes.Read);
        var response = await client.GetAsync("/api/v1/contacts?phone=" + phone);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await JsonAsync(response);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task A_known_phone_returns_the_contact_with_its_consent()
    {
        var importer = await factory.CreateApiClientAsync(ApiScopes.Import);
        var imported = await importer.PostAsync("/api/v1/contacts/import",
            Csv("name,phone,language,zone,groups,consent\nÉlodie Lefèvre,+33 6 00 91 00 02,fr,North,Staff|Field responders,opted_out\n"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);

        var reader = await factory.CreateApiClientAsync(ApiScopes.Read);
        var response = await reader.GetAsync("/api/v1/contacts?phone=%2B33600910002");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var contact = await JsonAsync(response);
        Assert.Equal("Élodie Lefèvre", contact.GetProperty("name").GetString());
        Assert.Equal("+33600910002", contact.GetProperty("phone").GetString());
        Assert.Equal("opted_out", contact.GetProperty("consent").GetString());
        Assert.False(contact.GetProperty("messageable").GetBoolean());
        Assert.Equal(["Field responders", "Staff"], contact.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
    }

    [Fact]
    public async Task An_unencoded_plus_in_the_query_is_still_understood()
    {
        var importer = await factory.CreateApiClientAsync(ApiScopes.Import);
        await importer.PostAsync("/api/v1/contacts/import", Csv("name,phone,consent\nPlus,+447700910003,opted_in\n"));
        var reader = await factory.CreateApiClientAsync(ApiScopes.Read);

        var response = await reader.GetAsync("/api/v1/contacts?phone=+447700910003");

        Assert.Equal("opted_in", (await JsonAsync(response)).GetProperty("consent").GetString());
    }

    [Fact]
    public async Task Import_of_a_raw_csv_body_reports_imported_updated_and_rejected_rows()
    {
        var client = await factory.CreateApiClientAsync(ApiScopes.Import);
        var csv = "name;phone;language;external_id\n" +
                  "محمد العلي;+961 3 910 004;ar;API-1\n" +
                  "No Country;03 910 005;ar;API-2\n" +
                  "Jean Dupont;+33 6 00 91 00 06;klingon;API-3\n" +
                  ";+33600910007;fr;API-4\n" +
                  "Again;+961 3 910 004;ar;API-5\n";

        var response = await client.PostAsync("/api/v1/contacts/import", Csv(csv));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await JsonAsync(response);
        Assert.Equal(1, report.GetProperty("imported").GetInt32());
        Assert.Equal(0, report.GetProperty("updated").GetInt32());
        var rejected = report.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal([3, 4, 5, 6], rejected.Select(r => r.GetProperty("row").GetInt32()));
        Assert.Contains("country code", rejected[0].GetProperty("reason").GetString());
        Assert.Contains("Unknown language", rejected[1].GetProperty("reason").GetString());
        Assert.Contains("Missing name", rejected[2].GetProperty("reason").GetString());
        Assert.Contains("Duplicate", rejected[3].GetProperty("reason").GetString());

        await using var db = factory.CreateDbContext();
        Assert.False(await db.Set<Contact>().AnyAsync(c => c.ExternalId == "API-3" || c.ExternalId == "API-5"));

        var again = await JsonAsync(await client.PostAsync("/api/v1/contacts/import", Csv("name,phone,external_id\nمحمد العلي الجديد,+9613910004,API-1\n")));
        Assert.Equal((0, 1), (again.GetProperty("imported").GetInt32(), again.GetProperty("updated").GetInt32()));
    }

    [Fact]
    public async Task Import_of_a_multipart_file_works_like_a_raw_body()
    {
        var client = await factory.CreateApiClientAsync(ApiScopes.Import);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("\uFEFFname,phone\nMultipart One,+447700910008\nBad,+44 CALL\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "contacts.csv");

        var response = await client.PostAsync("/api/v1/contacts/import", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await JsonAsync(response);
        Assert.Equal(1, report.GetProperty("imported").GetInt32());
        Assert.Equal(3, report.GetProperty("rejected")[0].GetProperty("row").GetInt32());
    }

    [Fact]
    public async Task A_broken_multipart_body_is_400_not_500()
    {
        var client = await factory.CreateApiClientAsync(ApiScopes.Import);
        var content = new StringContent("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nname,phone\nA,+447700910012\n");
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");

        var response = await client.PostAsync("/api/v1/contacts/import", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_form_without_a_file_is_400()
    {
        var client = await factory.CreateApiClientAsync(ApiScopes.Import);
        using var form = new MultipartFormDataContent { { new StringContent("name,phone"), "notes" } };

        var response = await client.PostAsync("/api/v1/contacts/import", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no file", (await JsonAsync(response)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Import_needs_the_import_scope()
    {
        var client = await factory.CreateApiClientAsync(ApiScopes.Read);
        var response = await client.PostAsync("/api/v1/contacts/import", Csv("name,phone\nA,+447700910009\n"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task An_empty_or_binary_file_is_refused_with_a_clear_message()
    {
        var client = await factory.CreateApiClientAsync(ApiScopes.Import);

        var empty = await client.PostAsync("/api/v1/contacts/import", Csv(""));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("empty", (await JsonAsync(empty)).GetProperty("detail").GetString());

        var binary = new ByteArrayContent([0x00, 0x01, 0x02, 0xFF, 0x00, 0x10]);
        binary.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var refused = await client.PostAsync("/api/v1/contacts/import", binary);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("binary", (await JsonAsync(refused)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_body_over_20_MB_is_refused_with_413()
    {
        var client = await factory.CreateApiClientAsync(ApiScopes.Import);
        var body = new byte[21 * 1024 * 1024];
        Array.Fill(body, (byte)'a');
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");

        var response = await client.PostAsync("/api/v1/contacts/import", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("20 MB", (await JsonAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_json_body_is_refused_with_415()
    {
        var client = await factory.CreateApiClientAsync(ApiScopes.Import);
        var response = await client.PostAsJsonAsync("/api/v1/contacts/import", new { name = "A" });
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Export_answers_csv_for_the_filter_and_is_audited()
    {
        var importer = await factory.CreateApiClientAsync(ApiScopes.Import);
        await importer.PostAsync("/api/v1/contacts/import",
            Csv("name,phone,zone,consent\n=Sneaky,+447700910010,ExportZone,opted_in\nOther,+447700910011,Elsewhere,opted_in\n"));
        var reader = await factory.CreateApiClientAsync(ApiScopes.Read);

        var response = await reader.GetAsync("/api/v1/contacts/export?zone=ExportZone");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
        var lines = text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("'=Sneaky,'+447700910010,", lines[1]);
        await using var db = factory.CreateDbContext();
        Assert.True(await db.Set<AuditEntry>().AnyAsync(e => e.Action == AuditActions.ContactsExported && e.Details!.Contains("zone ExportZone")));
    }

    [Fact]
    public async Task The_console_export_needs_a_signed_in_user()
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.GetAsync("/contacts/export");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
