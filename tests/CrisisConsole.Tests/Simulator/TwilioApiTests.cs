using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CrisisConsole.Tests.Simulator;

public sealed class TwilioApiTests
{
    [Fact]
    public async Task Create_answers_201_with_Twilio_field_types()
    {
        await using var sim = await SimulatorHost.StartAsync();

        using var response = await sim.SendTwilioAsync(("To", "+447700900001"), ("From", SimulatorHost.SmsFrom), ("Body", "Hello"),
            ("StatusCallback", sim.StatusCallbackUrl("d1")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Matches("^SM[0-9a-f]{32}$", json.GetProperty("sid").GetString());
        Assert.Equal("queued", json.GetProperty("status").GetString());
        Assert.Equal("1", json.GetProperty("num_segments").GetString());
        Assert.Equal("0", json.GetProperty("num_media").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("price").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("price_unit").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("error_code").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("messaging_service_sid").ValueKind);
        Assert.Equal("outbound-api", json.GetProperty("direction").GetString());
        Assert.Equal("2010-04-01", json.GetProperty("api_version").GetString());
        Assert.Equal(SimulatorHost.SmsFrom, json.GetProperty("from").GetString());
        Assert.Equal("+447700900001", json.GetProperty("to").GetString());
        Assert.Equal(SimulatorHost.AccountSid, json.GetProperty("account_sid").GetString());
        Assert.EndsWith(json.GetProperty("sid").GetString() + ".json", json.GetProperty("uri").GetString());
        Assert.True(DateTimeOffset.TryParseExact(json.GetProperty("date_created").GetString(), "ddd, dd MMM yyyy HH:mm:ss '+0000'",
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _), "date_created is RFC 2822");
    }

    [Fact]
    public async Task Create_through_a_messaging_service_is_accepted_with_no_sender_yet_and_zero_segments()
    {
        await using var sim = await SimulatorHost.StartAsync();

        using var response = await sim.SendTwilioAsync(("To", "+447700900002"), ("MessagingServiceSid", "MG" + new string('a', 32)), ("Body", "Hello"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("accepted", json.GetProperty("status").GetString());
        Assert.Equal("0", json.GetProperty("num_segments").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("from").ValueKind);
    }

    [Fact]
    public async Task A_long_arabic_body_is_billed_as_two_ucs2_segments()
    {
        await using var sim = await SimulatorHost.StartAsync();

        using var response = await sim.SendTwilioAsync(("To", "+447700900003"), ("From", SimulatorHost.SmsFrom), ("Body", new string('ب', 71)));

        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2", json.GetProperty("num_segments").GetString());
    }

    [Fact]
    public async Task A_wrong_auth_token_gets_401_with_code_20003()
    {
        await using var sim = await SimulatorHost.StartAsync();

        using var response = await sim.SendTwilioAsync(SimulatorHost.AccountSid, "wrong-token", ("To", "+447700900004"), ("From", SimulatorHost.SmsFrom), ("Body", "x"));

        await AssertTwilioErrorAsync(response, HttpStatusCode.Unauthorized, 20003);
    }

    [Fact]
    public async Task Another_account_in_the_path_gets_401_with_code_20003()
    {
        await using var sim = await SimulatorHost.StartAsync();

        using var response = await sim.SendTwilioAsync("AC" + new string('f', 32), SimulatorHost.AuthToken, ("To", "+447700900005"), ("From", SimulatorHost.SmsFrom), ("Body", "x"));

        await AssertTwilioErrorAsync(response, HttpStatusCode.Unauthorized, 20003);
    }

    [Theory]
    [InlineData(21604, "From=+15005550006", "Body=hi")]
    [InlineData(21211, "To=12345", "From=+15005550006", "Body=hi")]
    [InlineData(21211, "To=+44 7700 900006", "From=+15005550006", "Body=hi")]
    [InlineData(21603, "To=+447700900006", "Body=hi")]
    [InlineData(21606, "To=+447700900006", "From=+15550000000", "Body=hi")]
    [InlineData(21910, "To=whatsapp:+447700900006", "From=+15005550006", "Body=hi")]
    [InlineData(21910, "To=+447700900006", "From=whatsapp:+14155238886", "Body=hi")]
    [InlineData(21602, "To=+447700900006", "From=+15005550006")]
    [InlineData(21617, "To=+447700900006", "From=+15005550006", "Body=@1601")]
    [InlineData(21609, "To=+447700900006", "From=+15005550006", "Body=hi", "StatusCallback=http://bad_host.example/cb")]
    [InlineData(21609, "To=+447700900006", "From=+15005550006", "Body=hi", "StatusCallback=/relative/cb")]
    [InlineData(21655, "To=whatsapp:+447700900006", "From=whatsapp:+14155238886", "ContentSid=HX123")]
    [InlineData(21656, "To=whatsapp:+447700900006", "From=whatsapp:+14155238886", "ContentSid=HX0123456789abcdef0123456789abcdef", "ContentVariables=[1,2]")]
    [InlineData(21656, "To=whatsapp:+447700900006", "From=whatsapp:+14155238886", "ContentSid=HX0123456789abcdef0123456789abcdef", "ContentVariables=not json")]
    public async Task Invalid_sends_get_400_with_Twilio_codes(int code, params string[] fields)
    {
        await using var sim = await SimulatorHost.StartAsync();
        var form = fields.Select(f => f.Split('=', 2)).Select(p => (p[0], p[1] == "@1601" ? new string('a', 1601) : p[1])).ToArray();

        using var response = await sim.SendTwilioAsync(form);

        await AssertTwilioErrorAsync(response, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Fetch_returns_the_message_and_list_filters_by_To_and_pages()
    {
        await using var sim = await SimulatorHost.StartAsync();
        var first = await CreateAsync(sim, "+447700900007", "one");
        await CreateAsync(sim, "+447700900007", "two");
        await CreateAsync(sim, "+447700900008", "other");

        var fetched = await sim.GetTwilioAsync($"Messages/{first}.json");
        var list = await sim.GetTwilioAsync("Messages.json?To=%2B447700900007&PageSize=1");
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var sentToday = await sim.GetTwilioAsync($"Messages.json?To=%2B447700900007&DateSent%3E={today}");

        Assert.Equal("one", fetched.GetProperty("body").GetString());
        Assert.Single(list.GetProperty("messages").EnumerateArray());
        Assert.Equal("+447700900007", list.GetProperty("messages")[0].GetProperty("to").GetString());
        Assert.Equal(JsonValueKind.String, list.GetProperty("next_page_uri").ValueKind);
        Assert.Equal(2, sentToday.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task Fetching_an_unknown_sid_gets_404_with_code_20404()
    {
        await using var sim = await SimulatorHost.StartAsync();

        var json = await sim.GetTwilioAsync("Messages/SM" + new string('0', 32) + ".json");

        Assert.Equal(20404, json.GetProperty("code").GetInt32());
        Assert.Equal(404, json.GetProperty("status").GetInt32());
    }

    internal static async Task<string> CreateAsync(SimulatorHost sim, string to, string body, string? callback = null)
    {
        var fields = new List<(string, string)> { ("To", to), ("From", to.StartsWith("whatsapp:") ? "whatsapp:" + SimulatorHost.WhatsAppFrom : SimulatorHost.SmsFrom), ("Body", body) };
        if (callback is not null)
        {
            fields.Add(("StatusCallback", callback));
        }

        using var response = await sim.SendTwilioAsync([.. fields]);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sid").GetString()!;
    }

    internal static async Task AssertTwilioErrorAsync(HttpResponseMessage response, HttpStatusCode status, int code)
    {
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, json.GetProperty("code").GetInt32());
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        Assert.Equal("https://www.twilio.com/docs/errors/" + code, json.GetProperty("more_info").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("message").GetString()));
    }
}
