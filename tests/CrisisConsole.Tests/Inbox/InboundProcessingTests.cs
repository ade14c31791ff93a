using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Tests.Dashboard;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Tests.Webhooks;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Inbox;
using CrisisConsole.Web.Features.Live;
using CrisisConsole.Web.Features.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Tests.Inbox;

/// <summary>Every inbound message through the real webhooks: triage, STOP/START, unknown senders, acknowledgements, auto-replies.</summary>
public sealed class InboundProcessingTests(CrisisConsoleFactory factory) : IClassFixture<CrisisConsoleFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Stop_opts_the_contact_out_at_once_with_source_and_time_and_queues_one_confirmation_in_their_language()
    {
        var contact = await ContactAsync("fr");

        var sid = await InboundWebhooks.TwilioAsync(client, contact.Phone, body: "Arrêt", whatsApp: true);
        await InboundWebhooks.TwilioAsync(client, contact.Phone, body: "STOP", whatsApp: true);

        await using var db = factory.CreateDbContext();
        var stored = await db.Set<Contact>().Include(c => c.ConsentChanges).SingleAsync(c => c.Id == contact.Id);
        Assert.Equal((ConsentStatus.OptedOut, InboundConsentKeywords.WhatsAppSource), (stored.Consent, stored.ConsentSource));
        Assert.NotNull(stored.ConsentAt);
        Assert.Contains(stored.ConsentChanges, c => c.To == ConsentStatus.OptedOut && c.Source == InboundConsentKeywords.WhatsAppSource);
        Assert.True(await db.Set<AuditEntry>().AnyAsync(a => a.Action == AuditActions.ContactConsentChanged && a.TargetId == contact.Id.ToString()));
        var message = await db.Set<InboundMessage>().SingleAsync(m => m.ProviderMessageId == sid);
        Assert.Equal((InboundClassification.OptOut, TriageState.Resolved), (message.Classification, message.TriageState));

        var confirmation = Assert.Single(await DirectMessagesAsync(contact.Phone));
        Assert.Equal(DirectMessageKind.OptOutConfirmation, confirmation.Kind);
        Assert.Equal(ConsentConfirmationTexts.OptOut["fr"], confirmation.Text);
        var delivery = await db.Set<Delivery>().SingleAsync(d => d.Id == confirmation.DeliveryId);
        Assert.Equal((null, DeliveryStatus.Pending, MessageChannel.WhatsApp, GatewayProvider.TwilioWhatsApp),
            (delivery.BroadcastId, delivery.Status, delivery.Channel, delivery.Provider));
    }

    [Fact]
    public async Task Start_opts_the_contact_back_in_and_confirms()
    {
        var contact = await ContactAsync("ar");
        await InboundWebhooks.TwilioAsync(client, contact.Phone, body: "إيقاف", whatsApp: true);

        await InboundWebhooks.TwilioAsync(client, contact.Phone, body: "ابدأ", whatsApp: true);

        await using var db = factory.CreateDbContext();
        var stored = await db.Set<Contact>().SingleAsync(c => c.Id == contact.Id);
        Assert.Equal((ConsentStatus.OptedIn, InboundConsentKeywords.WhatsAppSource), (stored.Consent, stored.ConsentSource));
        var kinds = (await DirectMessagesAsync(contact.Phone)).Select(m => (m.Kind, m.Text)).ToList();
        Assert.Equal([(DirectMessageKind.OptOutConfirmation, ConsentConfirmationTexts.OptOut["ar"]), (DirectMessageKind.OptInConfirmation, ConsentConfirmationTexts.OptIn["ar"])], kinds);
    }

    [Fact]
    public async Task Stop_by_sms_is_recorded_and_the_confirmation_left_to_twilio()
    {
        var contact = await ContactAsync("en");

        await InboundWebhooks.TwilioAsync(client, contact.Phone, body: "stop");

        await using var db = factory.CreateDbContext();
        var stored = await db.Set<Contact>().SingleAsync(c => c.Id == contact.Id);
        Assert.Equal((ConsentStatus.OptedOut, InboundConsentKeywords.SmsSource), (stored.Consent, stored.ConsentSource));
        Assert.Empty(await DirectMessagesAsync(contact.Phone));
    }

    [Fact]
    public async Task An_unknown_sender_is_kept_apart_and_its_stop_binds_a_contact_created_later()
    {
        var phone = BroadcastTestData.NewPhone();

        var first = await InboundWebhooks.TwilioAsync(client, phone, body: "Where is the shelter?", whatsApp: true);
        await InboundWebhooks.TwilioAsync(client, phone, body: "STOP", whatsApp: true);

        await using (var db = factory.CreateDbContext())
        {
            var unknown = await db.Set<UnknownSender>().SingleAsync(u => u.Phone == phone);
            Assert.Equal(2, unknown.MessageCount);
            Assert.Equal(InboundConsentKeywords.WhatsAppSource, unknown.OptOutSource);
            Assert.NotNull(unknown.OptedOutAt);
            var message = await db.Set<InboundMessage>().SingleAsync(m => m.ProviderMessageId == first);
            Assert.Equal((null, InboundClassification.Question, TriageState.New), (message.ContactId, message.Classification, message.TriageState));
            Assert.False(await db.Set<Contact>().AnyAsync(c => c.Phone == phone));
            Assert.True(await db.Set<AuditEntry>().AnyAsync(a => a.Action == AuditActions.UnknownSenderOptedOut && a.TargetId == unknown.Id.ToString()));
        }

        Assert.Equal(DirectMessageKind.OptOutConfirmation, Assert.Single(await DirectMessagesAsync(phone)).Kind);
        var outbox = factory.Services.GetRequiredService<DirectMessageOutbox>();
        var refused = await outbox.QueueAsync(new DirectMessageRequest(null, phone, MessageChannel.WhatsApp, DirectMessageKind.Reply, "Hello", null, AuditActor.System), default);
        Assert.Contains("opted out", refused.Error);

        // An operator (or an import) creates the contact later, opted in: the STOP still stands.
        var created = await factory.Services.GetRequiredService<ContactService>().CreateAsync(
            new ContactInput { Name = "Later Person", Phone = phone, Language = "en", Consent = ConsentStatus.OptedIn, ConsentSource = "paper form" }, AuditActor.System);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Key + ": " + e.Value)));
        Assert.Equal(ConsentStatus.OptedOut, created.Contact!.Consent);
        Assert.StartsWith(InboundConsentKeywords.WhatsAppSource, created.Contact.ConsentSource);
    }

    [Fact]
    public async Task A_redelivered_message_is_stored_and_triaged_once()
    {
        var phone = BroadcastTestData.NewPhone();
        var sid = SignedWebhooks.NewTwilioSid();

        await InboundWebhooks.TwilioAsync(client, phone, body: "help", sid: sid);
        await InboundWebhooks.TwilioAsync(client, phone, body: "help", sid: sid);

        await using var db = factory.CreateDbContext();
        Assert.Equal(1, await db.Set<InboundMessage>().CountAsync(m => m.ProviderMessageId == sid));
        Assert.Equal(1, (await db.Set<UnknownSender>().SingleAsync(u => u.Phone == phone)).MessageCount);
    }

    [Fact]
    public async Task An_answer_to_a_check_in_is_triaged_linked_acknowledged_once_and_published()
    {
        var contact = await ContactAsync("fr", zone: "North");
        var broadcast = await factory.CreateBroadcastAsync(TemplateCategory.CheckIn, recipients: 1);
        var sentAt = DateTimeOffset.UtcNow.AddHours(-1);
        await factory.AddDeliveryAsync(broadcast.Id, contact, GatewayProvider.TwilioWhatsApp, DeliveryStatus.Delivered, SignedWebhooks.NewTwilioSid(),
            createdAt: sentAt, sentAt: sentAt);
        var published = new List<InboxItemChanged>();
        using var subscription = factory.Services.GetRequiredService<LiveEventHub>().Subscribe<InboxItemChanged>(e => { lock (published) { published.Add(e); } });

        var help = await InboundWebhooks.TwilioAsync(client, contact.Phone, body: "Au secours, nous sommes bloqués", whatsApp: true);
        await InboundWebhooks.TwilioAsync(client, contact.Phone, body: "aide", whatsApp: true);
        await InboundWebhooks.TwilioAsync(client, contact.Phone, body: "2", whatsApp: true);
        var safe = await InboundWebhooks.TwilioAsync(client, contact.Phone, body: "1", whatsApp: true);

        await using var db = factory.CreateDbContext();
        var helpMessage = await db.Set<InboundMessage>().SingleAsync(m => m.ProviderMessageId == help);
        Assert.Equal((InboundClassification.NeedsHelp, 0, TriageState.New), (helpMessage.Classification, helpMessage.Priority, helpMessage.TriageState));
        Assert.Equal((contact.Id, broadcast.Id, "North", "fr"), (helpMessage.ContactId!.Value, helpMessage.AnswersBroadcastId!.Value, helpMessage.Zone!, helpMessage.Language!));
        var safeMessage = await db.Set<InboundMessage>().SingleAsync(m => m.ProviderMessageId == safe);
        Assert.Equal((InboundClassification.Safe, TriageState.Resolved), (safeMessage.Classification, safeMessage.TriageState));
        Assert.NotNull(safeMessage.ResolvedAt);

        // Help, help again (no change), 2 (no change), then safe: two acknowledgements.
        var acknowledgements = (await DirectMessagesAsync(contact.Phone)).Where(m => m.Kind == DirectMessageKind.Acknowledgement).Select(m => m.Text).ToList();
        var texts = new Web.Features.Inbox.InboundRepliesOptions();
        Assert.Equal([texts.NeedsHelp["fr"], texts.Safe["fr"]], acknowledgements);
        Assert.Contains(published, e => e.InboundMessageId == helpMessage.Id && e.Classification == InboundClassification.NeedsHelp && e.State == TriageState.New);
    }

    [Fact]
    public async Task A_keyword_auto_reply_answers_a_message_that_is_or_begins_with_the_keyword()
    {
        await using (var db = factory.CreateDbContext())
        {
            db.Add(new KeywordAutoReply
            {
                Keyword = InboundText.Normalize("Abri nord"), DisplayKeyword = "Abri nord", ReplyEn = "North shelter: town hall.",
                ReplyFr = "Abri nord : la mairie.", ReplyAr = "الملجأ الشمالي: البلدية.", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var contact = await ContactAsync("fr");
        await InboundWebhooks.TwilioAsync(client, contact.Phone, body: "ABRI NORD svp", whatsApp: true);
        await InboundWebhooks.TwilioAsync(client, contact.Phone, body: "c'est où l'abri nord", whatsApp: true);

        var reply = Assert.Single(await DirectMessagesAsync(contact.Phone));
        Assert.Equal((DirectMessageKind.AutoReply, "Abri nord : la mairie."), (reply.Kind, reply.Text));
    }

    private async Task<Contact> ContactAsync(string language, string? zone = null)
    {
        var contact = await factory.CreateContactAsync(zone: zone);
        await using var db = factory.CreateDbContext();
        await db.Set<Contact>().Where(c => c.Id == contact.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Language, language));
        contact.Language = language;
        return contact;
    }

    private async Task<List<DirectMessage>> DirectMessagesAsync(string phone)
    {
        await using var db = factory.CreateDbContext();
        return await db.Set<DirectMessage>().Where(m => m.ToAddress == phone).OrderBy(m => m.Id).ToListAsync();
    }
}
