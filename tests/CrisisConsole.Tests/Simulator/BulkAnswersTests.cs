using System.Net;
using System.Text.Json;
using CrisisConsole.Gateways.Signatures;

namespace CrisisConsole.Tests.Simulator;

/// <summary>POST /admin/inbound/bulk: many simulated people answer, through signed webhooks, in three languages.</summary>
public sealed class BulkAnswersTests
{
    [Fact]
    public async Task A_burst_posts_one_signed_answer_per_person_in_a_mix_of_languages_and_channels()
    {
        await using var sim = await SimulatorHost.StartAsync();

        using var started = await sim.AdminPostAsync("inbound/bulk", new { count = 30, perSecond = 1000, phonePrefix = "+4477009" });

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var answers = await sim.Receiver.WaitForCountAsync(c => c.Path.StartsWith("/webhooks/", StringComparison.Ordinal), 30);
        var twilio = answers.Where(a => a.Path == "/webhooks/twilio/inbound").ToList();
        Assert.NotEmpty(twilio);
        Assert.All(twilio, a => Assert.True(TwilioSignature.IsValid(SimulatorHost.AuthToken, sim.Receiver.BaseUrl + a.Path, a.Form, a.Header("X-Twilio-Signature"))));
        Assert.Contains(answers, a => a.Path == "/webhooks/whatsapp");
        var texts = twilio.Select(a => a.Field("Body") ?? "").ToList();
        Assert.Contains(texts, t => t.Any(c => c is >= '\u0600' and <= '\u06FF'));
        Assert.Equal(30, answers.Select(a => a.Field("From") ?? a.BodyText).Distinct().Count());

        var status = await sim.AdminGetAsync("inbound/bulk");
        Assert.Equal(30, status.GetProperty("count").GetInt32());
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(100_001, 10)]
    [InlineData(10, 0)]
    [InlineData(10, 5000)]
    public async Task A_burst_out_of_bounds_is_refused(int count, int perSecond)
    {
        await using var sim = await SimulatorHost.StartAsync();

        using var response = await sim.AdminPostAsync("inbound/bulk", new { count, perSecond });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
