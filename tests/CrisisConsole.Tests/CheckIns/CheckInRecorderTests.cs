using System.Net;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Webhooks;
using CrisisConsole.Tests.Dashboard;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Tests.Webhooks;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.CheckIns;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Inbox;
using CrisisConsole.Web.Features.Live;
using CrisisConsole.Web.Features.Templates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Tests.CheckIns;

/// <summary>Answers arriving through the real inbound webhooks become check-ins of the right broadcast.</summary>
public sealed class CheckInRecorderTests(CrisisConsoleFactory factory) : IClassFixture<CrisisConsoleFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task A_button_answer_goes_to_the_broadcast_it_replies_to()
    {
        var contact = await factory.CreateContactAsync();
        var older = await SentCheckInAsync(contact, GatewayProvider.TwilioWhatsApp, hoursAgo: 30);
        var newer = await SentCheckInAsync(contact, GatewayProvider.TwilioWhatsApp, hoursAgo: 2);

        var sid = await TwilioInboundAsync(contact.Phone, payload: "SAFE", repliedTo: older.ProviderMessageId, whatsApp: true);

        var checkIn = await CheckInAsync(older.BroadcastId!.Value, contact.Id);
        Assert.Equal(CheckInAnswer.Safe, checkIn!.Answer);
        Assert.Null(await CheckInAsync(newer.BroadcastId!.Value, contact.Id));
        await using var db = factory.CreateDbContext();
        Assert.Equal(contact.Id, (await db.Set<InboundMessage>().SingleAsync(m => m.ProviderMessageId == sid)).ContactId);
        var stored = await db.Set<Contact>().SingleAsync(c => c.Id == contact.Id);
        Assert.NotNull(stored.LastInboundWhatsAppAt);
        Assert.Null(stored.LastInboundSmsAt);
    }

    [Fact]
    public async Task Without_a_reply_context_the_latest_check_in_sent_within_the_window_is_answered()
    {
        var contact = await factory.CreateContactAsync();
        await SentCheckInAsync(contact, GatewayProvider.TwilioSms, hoursAgo: 30);
        var latest = await SentCheckInAsync(contact, GatewayProvider.TwilioSms, hoursAgo: 2);
        // Newer still, but not a check-in: an update is not something to answer "1" to.
        await SentCheckInAsync(contact, GatewayProvider.TwilioSms, hoursAgo: 1, TemplateCategory.Update);

        await TwilioInboundAsync(contact.Phone, body: "1");

        await using var db = factory.CreateDbContext();
        var checkIn = await db.Set<CheckIn>().SingleAsync(c => c.ContactId == contact.Id);
        Assert.Equal((latest.BroadcastId!.Value, CheckInAnswer.Safe), (checkIn.BroadcastId, checkIn.Answer));
        Assert.NotNull((await db.Set<Contact>().SingleAsync(c => c.Id == contact.Id)).LastInboundSmsAt);
    }

    [Fact]
    public async Task A_check_in_sent_before_the_window_is_not_guessed()
    {
        var contact = await factory.CreateContactAsync();
        var old = await SentCheckInAsync(contact, GatewayProvider.TwilioSms, hoursAgo: 80);

        var sid = await TwilioInboundAsync(contact.Phone, body: "2");

        await using var db = factory.CreateDbContext();
        Assert.False(await db.Set<CheckIn>().AnyAsync(c => c.ContactId == contact.Id));
        Assert.True(await db.Set<InboundMessage>().AnyAsync(m => m.ProviderMessageId == sid));
        Assert.NotNull((await db.Set<Contact>().SingleAsync(c => c.Id == contact.Id)).LastInboundSmsAt);

        // The window is a setting: widened to 100 hours, the same answer links.
        using var widened = factory.WithWebHostBuilder(builder => builder.UseSetting("CheckIns:LinkWindowHours", "100"));
        await widened.CreateClient().SendAsync(TwilioInbound(SignedWebhooks.NewTwilioSid(), contact.Phone, body: "2"));
        Assert.Equal(CheckInAnswer.NeedsHelp, (await CheckInAsync(old.BroadcastId!.Value, contact.Id))!.Answer);
    }

    [Fact]
    public async Task The_latest_answer_wins_and_every_answer_is_kept()
    {
        var contact = await factory.CreateContactAsync();
        var delivery = await SentCheckInAsync(contact, GatewayProvider.TwilioWhatsApp, hoursAgo: 1);
        var broadcastId = delivery.BroadcastId!.Value;

        await TwilioInboundAsync(contact.Phone, payload: "SAFE", repliedTo: delivery.ProviderMessageId, whatsApp: true);
        Assert.Equal([(CheckInAnswer.Safe, 1)], await TalliesAsync(broadcastId));
        await TwilioInboundAsync(contact.Phone, body: "2", whatsApp: true);

        var checkIn = await CheckInAsync(broadcastId, contact.Id);
        Assert.Equal(CheckInAnswer.NeedsHelp, checkIn!.Answer);
        Assert.Equal([(null, CheckInAnswer.Safe, true), (CheckInAnswer.Safe, CheckInAnswer.NeedsHelp, true)],
            checkIn.Changes.OrderBy(c => c.Id).Select(c => (c.From, c.To, c.Applied)));
        Assert.Equal([(CheckInAnswer.NeedsHelp, 1)], await TalliesAsync(broadcastId));
    }

    [Fact]
    public async Task An_older_answer_arriving_late_is_kept_but_does_not_win()
    {
        var contact = await factory.CreateContactAsync();
        var delivery = await SentCheckInAsync(contact, GatewayProvider.MetaWhatsApp, hoursAgo: 1);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        await MetaInboundAsync(contact.Phone, "I need help", timestamp: now - 60);
        await MetaInboundAsync(contact.Phone, "ok", timestamp: now - 120);

        var checkIn = await CheckInAsync(delivery.BroadcastId!.Value, contact.Id);
        Assert.Equal(CheckInAnswer.NeedsHelp, checkIn!.Answer);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(now - 60), checkIn.AnsweredAt);
        Assert.Equal([(CheckInAnswer.NeedsHelp, true), (CheckInAnswer.Safe, false)], checkIn.Changes.OrderBy(c => c.Id).Select(c => (c.To, c.Applied)));
        Assert.Equal([(CheckInAnswer.NeedsHelp, 1)], await TalliesAsync(delivery.BroadcastId!.Value));
    }

    [Fact]
    public async Task A_redelivered_answer_is_recorded_once()
    {
        var contact = await factory.CreateContactAsync();
        var delivery = await SentCheckInAsync(contact, GatewayProvider.TwilioSms, hoursAgo: 1);
        var sid = SignedWebhooks.NewTwilioSid();

        await client.SendAsync(TwilioInbound(sid, contact.Phone, body: "HELP"));
        await client.SendAsync(TwilioInbound(sid, contact.Phone, body: "HELP"));

        Assert.Single((await CheckInAsync(delivery.BroadcastId!.Value, contact.Id))!.Changes);
        Assert.Equal([(CheckInAnswer.NeedsHelp, 1)], await TalliesAsync(delivery.BroadcastId!.Value));
    }

    [Fact]
    public async Task A_message_that_is_no_answer_opens_the_window_and_records_nothing()
    {
        var contact = await factory.CreateContactAsync();
        await SentCheckInAsync(contact, GatewayProvider.TwilioWhatsApp, hoursAgo: 1);

        await TwilioInboundAsync(contact.Phone, body: "Where is the shelter?", whatsApp: true);

        await using var db = factory.CreateDbContext();
        Assert.False(await db.Set<CheckIn>().AnyAsync(c => c.ContactId == contact.Id));
        Assert.NotNull((await db.Set<Contact>().SingleAsync(c => c.Id == contact.Id)).LastInboundWhatsAppAt);
    }

    [Fact]
    public async Task A_message_from_an_unknown_number_is_stored_and_linked_to_nothing()
    {
        var sid = await TwilioInboundAsync(BroadcastTestData.NewPhone(), body: "1");

        await using var db = factory.CreateDbContext();
        var message = await db.Set<InboundMessage>().SingleAsync(m => m.ProviderMessageId == sid);
        Assert.Null(message.ContactId);
        Assert.False(await db.Set<CheckInChange>().AnyAsync(c => c.InboundMessageId == message.Id));
    }

    [Fact]
    public async Task A_recorded_answer_is_published_once_committed()
    {
        var contact = await factory.CreateContactAsync();
        var delivery = await SentCheckInAsync(contact, GatewayProvider.TwilioSms, hoursAgo: 1);
        var published = new List<CheckInChanged>();
        using var subscription = factory.Services.GetRequiredService<LiveEventHub>()
            .Subscribe<CheckInChanged>(e => { if (e.ContactId == contact.Id) { lock (published) { published.Add(e); } } });

        await TwilioInboundAsync(contact.Phone, body: "safe");

        var change = Assert.Single(published);
        Assert.Equal((delivery.BroadcastId!.Value, (CheckInAnswer?)null, CheckInAnswer.Safe), (change.BroadcastId, change.From, change.To));
    }

    [Fact]
    public async Task A_failing_observer_costs_neither_the_message_nor_the_check_in()
    {
        var observer = new FailingObserver();
        using var failing = factory.WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddSingleton<IInboundMessageObserver>(observer)));
        var contact = await factory.CreateContactAsync();
        var delivery = await SentCheckInAsync(contact, GatewayProvider.TwilioSms, hoursAgo: 1);
        var sid = SignedWebhooks.NewTwilioSid();

        var response = await failing.CreateClient().SendAsync(TwilioInbound(sid, contact.Phone, body: "2"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, observer.Calls);
        await using var db = factory.CreateDbContext();
        var message = await db.Set<InboundMessage>().SingleAsync(m => m.ProviderMessageId == sid);
        Assert.Null(message.ProfileName);
        Assert.Equal(CheckInAnswer.NeedsHelp, (await CheckInAsync(delivery.BroadcastId!.Value, contact.Id))!.Answer);
    }

    /// <summary>A check-in broadcast (or another category) whose delivery to the contact was sent some hours ago.</summary>
    private async Task<Delivery> SentCheckInAsync(Contact contact, GatewayProvider provider, double hoursAgo,
        TemplateCategory category = TemplateCategory.CheckIn)
    {
        var broadcast = await factory.CreateBroadcastAsync(category, recipients: 1);
        var sent = DateTimeOffset.UtcNow.AddHours(-hoursAgo);
        var providerId = provider == GatewayProvider.MetaWhatsApp ? SignedWebhooks.NewWamid() : SignedWebhooks.NewTwilioSid();
        return await factory.AddDeliveryAsync(broadcast.Id, contact, provider, DeliveryStatus.Delivered, providerId, createdAt: sent.AddMinutes(-1), sentAt: sent);
    }

    private async Task<string> TwilioInboundAsync(string from, string? body = null, string? payload = null, string? repliedTo = null, bool whatsApp = false)
    {
        var sid = SignedWebhooks.NewTwilioSid();
        var response = await client.SendAsync(TwilioInbound(sid, from, body, payload, repliedTo, whatsApp));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return sid;
    }

    private static HttpRequestMessage TwilioInbound(string sid, string from, string? body = null, string? payload = null, string? repliedTo = null,
        bool whatsApp = false)
    {
        var prefix = whatsApp ? "whatsapp:" : "";
        List<KeyValuePair<string, string>> fields = [new("MessageSid", sid), new("From", prefix + from), new("To", prefix + "+15005550006"), new("NumMedia", "0")];
        if (body is not null)
        {
            fields.Add(new("Body", body));
        }

        if (payload is not null)
        {
            fields.Add(new("ButtonPayload", payload));
            fields.Add(new("ButtonText", payload == "SAFE" ? "I am safe" : "I need help"));
        }

        if (repliedTo is not null)
        {
            fields.Add(new("OriginalRepliedMessageSid", repliedTo));
        }

        return SignedWebhooks.Twilio(WebhookPaths.TwilioInbound, fields);
    }

    private async Task MetaInboundAsync(string from, string text, long timestamp)
    {
        var digits = from.TrimStart('+');
        var body = SignedWebhooks.MetaEnvelope($$$"""
            "contacts":[{"profile":{"name":"Tester"},"wa_id":"{{{digits}}}"}],
            "messages":[{"from":"{{{digits}}}","id":"{{{SignedWebhooks.NewWamid()}}}","timestamp":"{{{timestamp}}}","type":"text","text":{"body":"{{{text}}}"}}]
            """);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(SignedWebhooks.Meta(body))).StatusCode);
    }

    private async Task<CheckIn?> CheckInAsync(int broadcastId, int contactId)
    {
        await using var db = factory.CreateDbContext();
        return await db.Set<CheckIn>().Include(c => c.Changes).SingleOrDefaultAsync(c => c.BroadcastId == broadcastId && c.ContactId == contactId);
    }

    /// <summary>The stored tallies; asserts they equal a recount of the check-ins.</summary>
    private async Task<List<(CheckInAnswer, int)>> TalliesAsync(int broadcastId)
    {
        await using var db = factory.CreateDbContext();
        var stored = (await db.Set<CheckInCount>().Where(c => c.BroadcastId == broadcastId && c.Count != 0).ToListAsync())
            .Select(c => (c.Answer, c.Count)).OrderBy(c => c.Answer).ToList();
        var recounted = (await db.Set<CheckIn>().Where(c => c.BroadcastId == broadcastId).ToListAsync())
            .GroupBy(c => c.Answer).Select(g => (g.Key, g.Count())).OrderBy(c => c.Key).ToList();
        Assert.Equal(recounted, stored);
        return stored;
    }

    /// <summary>Writes, then throws: its writes must be undone and nothing else lost.</summary>
    private sealed class FailingObserver : IInboundMessageObserver
    {
        public int Calls { get; private set; }

        public async Task OnStoredAsync(AppDbContext db, InboundMessage message, CancellationToken cancellationToken)
        {
            Calls++;
            message.ProfileName = "written by a failing observer";
            await db.SaveChangesAsync(cancellationToken);
            throw new InvalidOperationException("Observer failure for the test");
        }
    }
}
