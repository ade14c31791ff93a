using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Tests.Dashboard;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Inbox;
using CrisisConsole.Web.Features.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Tests.Inbox;

/// <summary>The outbox's rules: the WhatsApp window, consent, and what it writes.</summary>
public sealed class DirectMessageOutboxTests(CrisisConsoleFactory factory) : IClassFixture<CrisisConsoleFactory>
{
    private static readonly AuditActor Responder = new("user:responder", "Rita Responder");

    private DirectMessageOutbox Outbox => factory.Services.GetRequiredService<DirectMessageOutbox>();

    [Fact]
    public async Task Free_text_on_whatsapp_is_refused_outside_the_window_with_the_reason()
    {
        var contact = await ContactAsync(lastWhatsApp: DateTimeOffset.UtcNow.AddHours(-30));

        var result = await Outbox.QueueAsync(Reply(contact, "Are you safe?"), default);

        Assert.False(result.Queued);
        Assert.Contains("24-hour window closed", result.Error);
        Assert.Contains("template", result.Error);
        await using var db = factory.CreateDbContext();
        Assert.False(await db.Set<DirectMessage>().AnyAsync(m => m.ContactId == contact.Id));
    }

    [Fact]
    public async Task A_contact_who_never_wrote_on_whatsapp_gets_no_free_text_either()
    {
        var contact = await ContactAsync(lastWhatsApp: null);

        var result = await Outbox.QueueAsync(Reply(contact, "Hello"), default);

        Assert.Contains("has not written to us on WhatsApp", result.Error);
    }

    [Fact]
    public async Task Free_text_inside_the_window_is_queued_as_a_pending_direct_delivery_and_audited()
    {
        var contact = await ContactAsync(lastWhatsApp: DateTimeOffset.UtcNow.AddHours(-2));

        var result = await Outbox.QueueAsync(Reply(contact, "  A team is on its way.  "), default);

        Assert.True(result.Queued, result.Error);
        await using var db = factory.CreateDbContext();
        var message = await db.Set<DirectMessage>().SingleAsync(m => m.Id == result.DirectMessageId);
        Assert.Equal(("A team is on its way.", DirectMessageKind.Reply, "Rita Responder", null), (message.Text, message.Kind, message.SentByName, message.ContentJson));
        var delivery = await db.Set<Delivery>().SingleAsync(d => d.Id == message.DeliveryId);
        Assert.Equal((null, contact.Id, DeliveryStatus.Pending, GatewayProvider.MetaWhatsApp), (delivery.BroadcastId, delivery.ContactId!.Value, delivery.Status, delivery.Provider));
        Assert.NotNull(delivery.NextAttemptAt);
        var audit = await db.Set<AuditEntry>().SingleAsync(a => a.Action == AuditActions.InboxReplyQueued && a.TargetId == contact.Id.ToString());
        Assert.DoesNotContain("team", audit.Details);
        Assert.DoesNotContain(contact.Phone, audit.Details);
    }

    [Fact]
    public async Task Outside_the_window_an_approved_template_is_allowed_and_kept_with_its_parameters()
    {
        var contact = await ContactAsync(lastWhatsApp: DateTimeOffset.UtcNow.AddDays(-3));
        var templateId = await TemplateAsync();

        var result = await Outbox.QueueAsync(Reply(contact, "", templateId, new Dictionary<string, string> { ["place"] = "the school" }), default);

        Assert.True(result.Queued, result.Error);
        await using var db = factory.CreateDbContext();
        var message = await db.Set<DirectMessage>().SingleAsync(m => m.Id == result.DirectMessageId);
        Assert.Equal("Go to the school now.", message.Text);
        var content = DirectMessageContent.FromJson(message.ContentJson)!;
        Assert.Equal(("follow_up", "en"), (content.MetaTemplateName, content.MetaLanguage));
        Assert.Equal(["the school"], content.MetaParameters!);
    }

    [Fact]
    public async Task A_template_with_a_missing_variable_is_refused()
    {
        var contact = await ContactAsync(lastWhatsApp: null);

        var result = await Outbox.QueueAsync(Reply(contact, "", await TemplateAsync()), default);

        Assert.Contains("place", result.Error);
    }

    [Fact]
    public async Task Sms_takes_free_text_at_any_time_and_bad_input_is_answered_not_thrown()
    {
        var contact = await ContactAsync(lastWhatsApp: null);

        Assert.True((await Outbox.QueueAsync(Reply(contact, "Update: roads closed.") with { Channel = MessageChannel.Sms }, default)).Queued);
        Assert.Contains("not valid", (await Outbox.QueueAsync(Reply(contact, "x") with { ToAddress = "not a number" }, default)).Error);
        Assert.Contains("Write a message", (await Outbox.QueueAsync(Reply(contact, "   ") with { Channel = MessageChannel.Sms }, default)).Error);
        Assert.Contains("no longer exists", (await Outbox.QueueAsync(Reply(contact, "x") with { ContactId = int.MaxValue }, default)).Error);
        Assert.Contains("at most", (await Outbox.QueueAsync(Reply(contact, new string('a', 5000)) with { Channel = MessageChannel.Sms }, default)).Error);
    }

    [Fact]
    public async Task An_opted_out_contact_gets_only_one_confirmation_of_the_opt_out()
    {
        var contact = await ContactAsync(lastWhatsApp: DateTimeOffset.UtcNow.AddMinutes(-5), consent: ConsentStatus.OptedOut);

        var reply = await Outbox.QueueAsync(Reply(contact, "Hello"), default);
        var first = await Outbox.QueueAsync(Reply(contact, "Unsubscribed.") with { Kind = DirectMessageKind.OptOutConfirmation }, default);
        var second = await Outbox.QueueAsync(Reply(contact, "Unsubscribed.") with { Kind = DirectMessageKind.OptOutConfirmation }, default);

        Assert.Contains("opted out", reply.Error);
        Assert.True(first.Queued, first.Error);
        Assert.Contains("already been sent", second.Error);
    }

    [Fact]
    public void The_window_is_open_for_24_hours_after_the_last_message()
    {
        var last = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.True(WhatsAppWindow.IsOpen(last, last.AddHours(23.9)));
        Assert.False(WhatsAppWindow.IsOpen(last, last.AddHours(24)));
        Assert.False(WhatsAppWindow.IsOpen(null, last));
        Assert.Equal(last.AddHours(24), WhatsAppWindow.ClosesAt(last));
        Assert.Null(WhatsAppWindow.ClosesAt(null));
    }

    private static DirectMessageRequest Reply(Contact contact, string text, int? templateId = null, IReadOnlyDictionary<string, string>? variables = null) =>
        new(contact.Id, contact.Phone, MessageChannel.WhatsApp, DirectMessageKind.Reply, text, null, Responder, templateId, variables);

    private async Task<Contact> ContactAsync(DateTimeOffset? lastWhatsApp, ConsentStatus consent = ConsentStatus.OptedIn)
    {
        var contact = await factory.CreateContactAsync();
        await using var db = factory.CreateDbContext();
        var stored = await db.Set<Contact>().SingleAsync(c => c.Id == contact.Id);
        stored.LastInboundWhatsAppAt = lastWhatsApp;
        stored.Consent = consent;
        stored.ConsentAt = DateTimeOffset.UtcNow.AddMinutes(-1);
        await db.SaveChangesAsync();
        return contact;
    }

    private async Task<int> TemplateAsync()
    {
        await using var db = factory.CreateDbContext();
        var template = new MessageTemplate
        {
            Name = "follow-up-" + Guid.NewGuid().ToString("N")[..8],
            Category = TemplateCategory.Update,
            DefaultLanguage = "en",
            Variables = ["place"],
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
            Variants = [new TemplateVariant { Language = "en", Text = "Go to {{place}} now.", MetaTemplateName = "follow_up", MetaTemplateLanguage = "en", TwilioContentSid = "HX" + Guid.NewGuid().ToString("N") }],
        };
        db.Add(template);
        await db.SaveChangesAsync();
        return template.Id;
    }
}
