using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Tests.Broadcasts;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.CheckIns;
using CrisisConsole.Web.Features.CheckIns.Unaccounted;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Inbox;

namespace CrisisConsole.Tests.Inbox;

/// <summary>Who has not answered a check-in since a chosen time, by zone, and the re-send that follows.</summary>
public sealed class UnaccountedForTests(CrisisConsoleFactory factory) : IClassFixture<CrisisConsoleFactory>
{
    private static readonly AuditActor Olivia = new("olivia-id", "olivia@test.local");
    private readonly InboxWorld world = new(factory);

    private UnaccountedQueries Unaccounted => world.Get<UnaccountedQueries>();

    [Fact]
    public async Task Recipients_without_an_answer_are_counted_by_zone_and_listed()
    {
        var north = InboxWorld.NewZone();
        var south = InboxWorld.NewZone();
        var (broadcast, people) = await SentCheckInAsync([north, north, north, south, south, null]);
        await AnswerAsync(broadcast, people[0], CheckInAnswer.Safe, DateTimeOffset.UtcNow);
        await AnswerAsync(broadcast, people[3], CheckInAnswer.NeedsHelp, DateTimeOffset.UtcNow);

        var summary = await Unaccounted.SummaryAsync(broadcast.Id, since: null);
        var (southPeople, southTotal) = await Unaccounted.PageAsync(broadcast.Id, null, south, 0, 10);
        var (noZone, _) = await Unaccounted.PageAsync(broadcast.Id, null, UnaccountedQueries.NoZone, 0, 10);
        var (page, total) = await Unaccounted.PageAsync(broadcast.Id, null, null, 1, 2);

        Assert.Equal((6, 4), (summary.Recipients, summary.Unaccounted));
        Assert.Equal(north, summary.ByZone[0].Zone);
        Assert.Equal(new Dictionary<string, int> { [north] = 2, [south] = 1, [""] = 1 }, summary.ByZone.ToDictionary(z => z.Zone ?? "", z => z.Count));
        Assert.Equal((people[4].Id, 1), (Assert.Single(southPeople).ContactId, southTotal));
        Assert.Equal(people[5].Id, Assert.Single(noZone).ContactId);
        Assert.Equal(4, total);
        Assert.Equal(2, page.Count);
    }

    [Fact]
    public async Task An_answer_given_before_the_chosen_time_does_not_account_for_the_person()
    {
        var zone = InboxWorld.NewZone();
        var (broadcast, people) = await SentCheckInAsync([zone, zone, zone]);
        var since = DateTimeOffset.UtcNow.AddMinutes(-30);
        await AnswerAsync(broadcast, people[0], CheckInAnswer.Safe, since.AddMinutes(-20));
        await AnswerAsync(broadcast, people[1], CheckInAnswer.Safe, since.AddMinutes(5));

        var anyTime = await Unaccounted.ContactIdsAsync(broadcast.Id, since: null);
        var sinceThen = await Unaccounted.ContactIdsAsync(broadcast.Id, since);

        Assert.Equal([people[2].Id], anyTime);
        Assert.Equal([people[0].Id, people[2].Id], sinceThen.Order());
    }

    [Fact]
    public async Task An_sms_fallback_does_not_count_a_person_twice()
    {
        var zone = InboxWorld.NewZone();
        var (broadcast, people) = await SentCheckInAsync([zone]);
        await using (var db = factory.CreateDbContext())
        {
            var first = db.Set<Delivery>().Single(d => d.BroadcastId == broadcast.Id);
            db.Add(NewDelivery(broadcast.Id, people[0], MessageChannel.Sms, fallbackFor: first.Id));
            await db.SaveChangesAsync();
        }

        var summary = await Unaccounted.SummaryAsync(broadcast.Id, null);

        Assert.Equal((1, 1), (summary.Recipients, summary.Unaccounted));
    }

    [Fact]
    public async Task Re_sending_to_non_responders_drafts_a_broadcast_to_exactly_them_that_still_needs_approval()
    {
        var zone = InboxWorld.NewZone();
        var (broadcast, people) = await SentCheckInAsync([zone, zone, zone]);
        await AnswerAsync(broadcast, people[1], CheckInAnswer.Safe, DateTimeOffset.UtcNow);

        var result = await world.Get<NonResponderResend>().CreateDraftAsync(broadcast.Id, null, Olivia);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(2, result.Recipients);
        var drafts = world.Get<BroadcastDraftService>();
        var draft = (await drafts.GetAsync(result.BroadcastId!.Value))!;
        Assert.Equal(BroadcastState.Draft, draft.State);
        Assert.Equal((broadcast.Id, broadcast.TemplateId, "[]"), (draft.ResendOfBroadcastId, draft.TemplateId, draft.SegmentIdsJson));
        Assert.Equal([people[0].Id, people[2].Id], BroadcastJson.ReadIds(draft.ContactIdsJson));
        var input = BroadcastInput.From(draft);
        Assert.Equal([people[0].Id, people[2].Id], input.ContactIds);
        Assert.Equal(2, (await world.Get<BroadcastPreviewService>().PreviewAsync(input))!.Recipients);

        var submitted = await drafts.SubmitAsync(draft.Id, input, Olivia);

        Assert.True(submitted.Succeeded, string.Join("; ", submitted.Errors.Values));
        Assert.Equal((BroadcastState.PendingApproval, 2), (submitted.Broadcast!.State, submitted.Recipients));
    }

    [Fact]
    public async Task Re_sending_when_everyone_answered_or_before_sending_is_refused()
    {
        var zone = InboxWorld.NewZone();
        var (broadcast, people) = await SentCheckInAsync([zone]);
        await AnswerAsync(broadcast, people[0], CheckInAnswer.Safe, DateTimeOffset.UtcNow);
        var (pending, _) = await SentCheckInAsync([zone], BroadcastState.PendingApproval);

        var everyone = await world.Get<NonResponderResend>().CreateDraftAsync(broadcast.Id, null, Olivia);
        var notSent = await world.Get<NonResponderResend>().CreateDraftAsync(pending.Id, null, Olivia);

        Assert.Equal("Everyone has answered: there is nobody to re-send to.", everyone.Error);
        Assert.Contains("has not been sent yet", notSent.Error);
    }

    /// <summary>A completed check-in broadcast with one delivered first attempt per person (one per zone given).</summary>
    private async Task<(Broadcast Broadcast, List<Contact> People)> SentCheckInAsync(IReadOnlyList<string?> zones, BroadcastState state = BroadcastState.Completed)
    {
        var template = await new BroadcastWorld(factory).AddTemplateAsync();
        var people = new List<Contact>();
        foreach (var zone in zones)
        {
            people.Add(await world.AddContactAsync(zone, $"Person {people.Count}"));
        }

        var now = DateTimeOffset.UtcNow;
        var broadcast = new Broadcast
        {
            TemplateId = template.Id, TemplateName = template.Name, VariablesJson = BroadcastJson.WriteVariables(BroadcastWorld.Values()),
            State = state, CreatedById = "user:composer", CreatedByName = "composer", CreatedAt = now.AddHours(-2), UpdatedAt = now,
            SendingStartedAt = now.AddHours(-1), RecipientCount = people.Count, ChannelPolicy = ChannelPolicy.WhatsAppOnly,
        };
        await using var db = factory.CreateDbContext();
        db.Add(broadcast);
        await db.SaveChangesAsync();
        db.AddRange(people.Select(p => NewDelivery(broadcast.Id, p, MessageChannel.WhatsApp)));
        await db.SaveChangesAsync();
        return (broadcast, people);
    }

    private static Delivery NewDelivery(int broadcastId, Contact contact, MessageChannel channel, long? fallbackFor = null) => new()
    {
        BroadcastId = broadcastId, ContactId = contact.Id, Channel = channel,
        Provider = channel == MessageChannel.Sms ? GatewayProvider.TwilioSms : GatewayProvider.TwilioWhatsApp,
        ToAddress = contact.Phone, Status = DeliveryStatus.Delivered, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        FallbackForDeliveryId = fallbackFor, Language = contact.Language,
    };

    private async Task AnswerAsync(Broadcast broadcast, Contact contact, CheckInAnswer answer, DateTimeOffset at)
    {
        var message = await world.AddItemAsync(contact.Zone ?? "none",
            answer == CheckInAnswer.Safe ? InboundClassification.Safe : InboundClassification.NeedsHelp, at, contact);
        await using var db = factory.CreateDbContext();
        db.Add(new CheckIn
        {
            BroadcastId = broadcast.Id, ContactId = contact.Id, Answer = answer, AnsweredAt = at, InboundMessageId = message.Id,
            CreatedAt = at, UpdatedAt = at,
        });
        await db.SaveChangesAsync();
    }
}
