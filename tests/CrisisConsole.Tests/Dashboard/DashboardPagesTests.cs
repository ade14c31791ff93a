using System.Net;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Webhooks;
using CrisisConsole.Tests.Accounts;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Tests.Webhooks;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Deliveries;

namespace CrisisConsole.Tests.Dashboard;

/// <summary>
/// The dashboard, the overview and Home render (server pre-render) with the counters for every role
/// that may watch, and refuse anonymous visitors. Live behaviour in a browser is the Playwright suite's.
/// </summary>
public sealed class DashboardPagesTests(CrisisConsoleFactory factory) : IClassFixture<CrisisConsoleFactory>
{
    [Theory]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Supervisor)]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Responder)]
    public async Task Every_role_sees_the_dashboard_with_its_counters(string role)
    {
        var broadcast = await SendingBroadcastAsync();
        var client = await factory.SignedInClientAsync(role);

        var response = await client.GetAsync($"/broadcasts/{broadcast.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches($"<h1[^>]*>Broadcast #{broadcast.Id}", html);
        // Cumulative: sent counts delivered and read; delivered counts read.
        AssertTestId(html, "count-sent", "3");
        AssertTestId(html, "count-delivered", "2");
        AssertTestId(html, "count-read", "1");
        AssertTestId(html, "count-failed", "1");
        AssertTestId(html, "checkin-safe", "1");
        AssertTestId(html, "checkin-needs-help", "1");
        AssertTestId(html, "checkin-no-answer", "3");
        Assert.Matches("data-testid=\"progress\"[^>]*data-done=\"4\"[^>]*data-recipients=\"5\"[^>]*data-percent=\"80\"", html);
        Assert.Contains("Sam Supervisor", html);
        Assert.Contains("Olivia Operator", html);
        Assert.Contains("data-testid=\"drill-badge\"", html);
        Assert.Contains("class=\"cc-controls\"", html);
        Assert.Contains("data-testid=\"recipients-grid\"", html);
        Assert.Contains("data-testid=\"failure-reasons\"", html);
    }

    [Fact]
    public async Task An_unknown_broadcast_says_so()
    {
        var client = await factory.SignedInClientAsync(Roles.Operator);

        var html = await client.GetStringAsync("/broadcasts/987654");

        Assert.Contains("There is no broadcast #987654", html);
    }

    [Fact]
    public async Task The_overview_lists_active_pending_and_recent_broadcasts()
    {
        var sending = await SendingBroadcastAsync();
        var pending = await factory.CreateBroadcastAsync(state: BroadcastState.PendingApproval);
        var completed = await factory.CreateBroadcastAsync(state: BroadcastState.Completed);
        var client = await factory.SignedInClientAsync(Roles.Responder);

        var html = await client.GetStringAsync("/broadcasts");

        Assert.Matches("<h1[^>]*>Broadcasts</h1>", html);
        Assert.Matches($"data-testid=\"active-broadcasts\"[\\s\\S]*data-broadcast-id=\"{sending.Id}\"[\\s\\S]*data-testid=\"pending-broadcasts\"", html);
        Assert.Matches($"data-testid=\"pending-broadcasts\"[\\s\\S]*data-broadcast-id=\"{pending.Id}\"[\\s\\S]*data-testid=\"recent-broadcasts\"", html);
        Assert.Matches($"data-testid=\"recent-broadcasts\"[\\s\\S]*data-broadcast-id=\"{completed.Id}\"", html);
        Assert.Contains($"href=\"broadcasts/{sending.Id}\"", html);
    }

    [Fact]
    public async Task Home_shows_the_active_broadcasts_and_how_many_wait_for_approval()
    {
        var sending = await SendingBroadcastAsync();
        await factory.CreateBroadcastAsync(state: BroadcastState.PendingApproval);
        var client = await factory.SignedInClientAsync(Roles.Supervisor);

        var html = await client.GetStringAsync("/");

        Assert.Contains($"data-broadcast-id=\"{sending.Id}\"", html);
        Assert.Matches("data-testid=\"pending-approval-count\"[^>]*>[1-9]", html);
        Assert.Contains("href=\"broadcasts\"", html);
    }

    [Theory]
    [InlineData("/broadcasts")]
    [InlineData("/broadcasts/1")]
    public async Task An_anonymous_visitor_is_sent_to_sign_in(string path)
    {
        var response = await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.ToString());
    }

    /// <summary>
    /// Five recipients: read (safe), delivered (needs help), sent, failed, pending. Answers come in
    /// through the inbound webhook, as in production.
    /// </summary>
    private async Task<Broadcast> SendingBroadcastAsync()
    {
        var broadcast = await factory.CreateBroadcastAsync(recipients: 5, drill: true);
        var safe = await factory.CreateContactAsync("North");
        var help = await factory.CreateContactAsync("South");
        await factory.AddDeliveryAsync(broadcast.Id, safe, GatewayProvider.MetaWhatsApp, DeliveryStatus.Read, SignedWebhooks.NewWamid());
        await factory.AddDeliveryAsync(broadcast.Id, help, GatewayProvider.MetaWhatsApp, DeliveryStatus.Delivered, SignedWebhooks.NewWamid());
        await factory.AddDeliveryAsync(broadcast.Id, await factory.CreateContactAsync(), GatewayProvider.TwilioSms, DeliveryStatus.Sent, SignedWebhooks.NewTwilioSid());
        await factory.AddDeliveryAsync(broadcast.Id, await factory.CreateContactAsync(), GatewayProvider.TwilioSms, DeliveryStatus.Failed, SignedWebhooks.NewTwilioSid());
        await factory.AddDeliveryAsync(broadcast.Id, await factory.CreateContactAsync(), GatewayProvider.TwilioSms);
        var webhooks = factory.CreateClient();
        await webhooks.SendAsync(SignedWebhooks.Twilio(WebhookPaths.TwilioInbound, [new("MessageSid", SignedWebhooks.NewTwilioSid()), new("From", safe.Phone), new("Body", "SAFE")]));
        await webhooks.SendAsync(SignedWebhooks.Twilio(WebhookPaths.TwilioInbound, [new("MessageSid", SignedWebhooks.NewTwilioSid()), new("From", help.Phone), new("Body", "HELP")]));
        return broadcast;
    }

    private static void AssertTestId(string html, string testId, string value) =>
        Assert.Matches($"data-testid=\"{testId}\"[^>]*>{value}<", html);

}
