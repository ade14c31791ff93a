using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Sms;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Segments;
using CrisisConsole.Web.Features.Templates;

namespace CrisisConsole.Tests.Broadcasts;

/// <summary>
/// The preview's numbers on a known data set (rates: WhatsApp 2/s, SMS 1/s; reach limit 5):
/// <list type="bullet">
/// <item>Segment A (opted in only): 4 en (WhatsApp unknown, never wrote), 2 fr (on WhatsApp, wrote an hour ago),
/// 3 ar (not on WhatsApp), 1 opted out, 2 unknown consent, 1 invalid number, 1 deleted.</item>
/// <item>In A and B: 2 en opted in, 1 en with unknown consent (B is widened, so they are in).</item>
/// <item>Segment B (widened) only: 1 de (no variant: gets English), wrote 30 hours ago.</item>
/// </list>
/// </summary>
public sealed class BroadcastPreviewTests(BroadcastFactory factory) : IClassFixture<BroadcastFactory>
{
    private readonly BroadcastWorld world = new(factory);

    private sealed record DataSet(MessageTemplate Template, Segment A, Segment B, List<Contact> ArabicSmsOnly);

    private async Task<DataSet> ArrangeAsync()
    {
        var a = BroadcastWorld.NewGroup();
        var b = BroadcastWorld.NewGroup();
        var now = DateTimeOffset.UtcNow;
        await world.AddContactsAsync(4, a, language: "en");
        await world.AddContactsAsync(2, a, language: "fr", whatsApp: true, lastInboundWhatsApp: now.AddHours(-1));
        var arabic = await world.AddContactsAsync(3, a, language: "ar", whatsApp: false);
        await world.AddContactAsync(a, ConsentStatus.OptedOut);
        await world.AddContactsAsync(2, a, ConsentStatus.Unknown);
        await world.AddContactAsync(a, phone: BroadcastWorld.NextInvalidPhone());
        await world.AddContactAsync(a, deleted: true);
        await world.AddContactsAsync(2, a, extraGroup: b);
        await world.AddContactAsync(a, ConsentStatus.Unknown, extraGroup: b);
        await world.AddContactAsync(b, language: "de", lastInboundWhatsApp: now.AddHours(-30));
        return new DataSet(await world.AddTemplateAsync(), await world.AddSegmentAsync(a), await world.AddSegmentAsync(b, includeWithoutOptIn: true), arabic);
    }

    private async Task<BroadcastPreview> PreviewAsync(DataSet data, ChannelPolicy policy = ChannelPolicy.WhatsAppThenSms, bool drill = false,
        DateTimeOffset? scheduledFor = null)
    {
        var input = BroadcastWorld.Input(data.Template, [data.A, data.B], policy, drill);
        input.ScheduledFor = scheduledFor;
        var preview = await world.Previews.PreviewAsync(input);
        Assert.NotNull(preview);
        return preview;
    }

    [Fact]
    public async Task Recipients_in_two_segments_are_counted_once()
    {
        var data = await ArrangeAsync();

        var preview = await PreviewAsync(data);

        Assert.Equal(13, preview.Recipients);
        var onlyA = await world.Previews.PreviewAsync(BroadcastWorld.Input(data.Template, [data.A]));
        var onlyB = await world.Previews.PreviewAsync(BroadcastWorld.Input(data.Template, [data.B]));
        Assert.Equal(11, onlyA!.Recipients);
        Assert.Equal(4, onlyB!.Recipients);
    }

    [Fact]
    public async Task Each_exclusion_reason_is_counted_once_per_person()
    {
        var data = await ArrangeAsync();

        var preview = await PreviewAsync(data);

        Assert.Equal(1, preview.ExcludedFor(RecipientExclusion.OptedOut));
        Assert.Equal(2, preview.ExcludedFor(RecipientExclusion.NoConsent));
        Assert.Equal(1, preview.ExcludedFor(RecipientExclusion.NoValidNumber));
        Assert.Equal(0, preview.ExcludedFor(RecipientExclusion.NotOnWhatsApp));
        Assert.Equal(4, preview.Excluded);
    }

    [Fact]
    public async Task WhatsApp_only_excludes_people_known_not_to_be_on_WhatsApp()
    {
        var data = await ArrangeAsync();

        var preview = await PreviewAsync(data, ChannelPolicy.WhatsAppOnly);

        Assert.Equal(3, preview.ExcludedFor(RecipientExclusion.NotOnWhatsApp));
        Assert.Equal("Not on WhatsApp", preview.Exclusions.Single(e => e.Reason == RecipientExclusion.NotOnWhatsApp).Label);
        Assert.Equal(10, preview.Recipients);
        Assert.Equal(0, preview.SmsRecipients);
    }

    [Fact]
    public async Task WhatsApp_then_SMS_sends_SMS_first_to_people_not_on_WhatsApp_and_splits_by_language()
    {
        var data = await ArrangeAsync();

        var preview = await PreviewAsync(data);

        Assert.Equal(10, preview.WhatsAppRecipients);
        Assert.Equal(3, preview.SmsRecipients);
        var en = preview.Languages.Single(l => l.Language == "en");
        Assert.Equal(["de", "en"], en.ContactLanguages);
        Assert.Equal((8, 0), (en.WhatsApp, en.Sms));
        Assert.Equal("Acme: Flooding in your area. Are you safe?", en.Text);
        Assert.Equal(["I am safe", "I need help"], en.QuickReplies);
        var fr = preview.Languages.Single(l => l.Language == "fr");
        Assert.Equal((2, 0), (fr.WhatsApp, fr.Sms));
        var ar = preview.Languages.Single(l => l.Language == "ar");
        Assert.Equal((0, 3), (ar.WhatsApp, ar.Sms));
        Assert.Equal("rtl", ar.Direction);
        Assert.Equal("Acme: Flooding في منطقتك. هل أنت بخير؟", ar.Text);
        Assert.Equal(SmsEncoding.Ucs2, ar.SmsSegments.Encoding);
    }

    [Fact]
    public async Task SMS_only_sends_everyone_SMS_and_counts_no_window()
    {
        var data = await ArrangeAsync();

        var preview = await PreviewAsync(data, ChannelPolicy.SmsOnly);

        Assert.Equal((0, 13), (preview.WhatsAppRecipients, preview.SmsRecipients));
        Assert.Equal(0, preview.OutsideWindow);
        Assert.Equal(preview.Languages.Sum(l => l.Sms * l.SmsSegments.Segments), preview.SmsSegmentsTotal);
    }

    [Fact]
    public async Task A_drill_renders_every_language_with_its_drill_prefix()
    {
        var data = await ArrangeAsync();

        var preview = await PreviewAsync(data, drill: true);

        Assert.StartsWith("[DRILL] ", preview.Languages.Single(l => l.Language == "en").Text);
        Assert.StartsWith("[EXERCICE] ", preview.Languages.Single(l => l.Language == "fr").Text);
        Assert.StartsWith("[تمرين] ", preview.Languages.Single(l => l.Language == "ar").Text);
    }

    [Fact]
    public async Task WhatsApp_recipients_without_an_open_window_are_counted_and_need_the_template()
    {
        var data = await ArrangeAsync();

        var preview = await PreviewAsync(data);

        // 4 never wrote, 3 in A and B never wrote, 1 wrote 30 hours ago; the 2 French wrote an hour ago.
        Assert.Equal(8, preview.OutsideWindow);
        Assert.Equal(0, preview.Languages.Single(l => l.Language == "fr").OutsideWindow);
        Assert.Equal(24, preview.WindowHours);
    }

    [Fact]
    public async Task A_scheduled_broadcast_judges_the_window_at_the_time_it_is_sent()
    {
        var group = BroadcastWorld.NewGroup();
        await world.AddContactAsync(group, whatsApp: true, lastInboundWhatsApp: DateTimeOffset.UtcNow.AddHours(-23));
        var template = await world.AddTemplateAsync();
        var segment = await world.AddSegmentAsync(group);
        var input = BroadcastWorld.Input(template, [segment]);

        var now = await world.Previews.PreviewAsync(input);
        input.ScheduledFor = DateTimeOffset.UtcNow.AddHours(2);
        var later = await world.Previews.PreviewAsync(input);

        Assert.Equal(0, now!.OutsideWindow);
        Assert.Equal(1, later!.OutsideWindow);
    }

    [Fact]
    public async Task The_estimate_uses_the_configured_rates_with_SMS_counted_in_segments()
    {
        var data = await ArrangeAsync();

        var mixed = await PreviewAsync(data);
        var sms = await PreviewAsync(data, ChannelPolicy.SmsOnly);

        // 10 WhatsApp at 2/s = 5 s; 3 Arabic SMS of one segment at 1/s = 3 s; the two senders work in parallel.
        Assert.Equal(TimeSpan.FromSeconds(5), mixed.WhatsAppDuration);
        Assert.Equal(TimeSpan.FromSeconds(3), mixed.SmsDuration);
        Assert.Equal(TimeSpan.FromSeconds(5), mixed.EstimatedDuration);
        Assert.Equal(TimeSpan.FromSeconds(sms.SmsSegmentsTotal), sms.EstimatedDuration);
        Assert.True(sms.SmsSegmentsTotal >= 13);
    }

    [Fact]
    public async Task The_reach_limit_warning_counts_new_people_outside_the_window_and_those_already_reached_today()
    {
        var data = await ArrangeAsync();
        var before = await PreviewAsync(data);
        // One of our recipients and one stranger got a WhatsApp message an hour ago.
        var stranger = await world.AddContactAsync(BroadcastWorld.NewGroup());
        await using (var db = world.Db())
        {
            var ours = db.Set<Contact>().Single(c => c.Language == "de" && c.Name.Contains(data.B.Groups[0]));
            var earlier = new Broadcast
            {
                TemplateId = data.Template.Id, TemplateName = data.Template.Name, State = BroadcastState.Sending, CreatedById = "user:x",
                CreatedAt = DateTimeOffset.UtcNow.AddHours(-2), UpdatedAt = DateTimeOffset.UtcNow.AddHours(-2), DecidedAt = DateTimeOffset.UtcNow.AddHours(-2),
            };
            db.Add(earlier);
            await db.SaveChangesAsync();
            foreach (var contactId in new[] { stranger.Id, ours.Id })
            {
                db.Add(new Delivery
                {
                    BroadcastId = earlier.Id,
                    ContactId = contactId, Channel = MessageChannel.WhatsApp, Provider = GatewayProvider.MetaWhatsApp, ToAddress = "+447700900000",
                    ProviderMessageId = "wamid." + Guid.NewGuid().ToString("N"), Status = DeliveryStatus.Delivered,
                    CreatedAt = DateTimeOffset.UtcNow.AddHours(-1), UpdatedAt = DateTimeOffset.UtcNow.AddHours(-1), SentAt = DateTimeOffset.UtcNow.AddHours(-1),
                });
            }

            await db.SaveChangesAsync();
        }

        var after = await PreviewAsync(data);

        Assert.Equal(8, before.Reach.NewlyReached);
        Assert.Equal(7, after.Reach.NewlyReached);
        Assert.Equal(before.Reach.AlreadyReached + 2, after.Reach.AlreadyReached);
        Assert.Equal(5, after.Reach.Limit);
        Assert.True(after.Reach.WouldBeHit);
        Assert.Equal(after.Reach.AlreadyReached + 7 - 5, after.Reach.Over);
        Assert.Contains(after.Warnings, w => w.Contains("reach limit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_warning_about_the_reach_limit_when_it_is_not_hit()
    {
        var group = BroadcastWorld.NewGroup();
        await world.AddContactsAsync(2, group);
        var preview = await world.Previews.PreviewAsync(BroadcastWorld.Input(await world.AddTemplateAsync(), [await world.AddSegmentAsync(group)]));

        Assert.Equal(2, preview!.Reach.NewlyReached);
        Assert.DoesNotContain(preview.Warnings, w => w.Contains("reach limit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_language_without_an_approved_WhatsApp_template_is_warned_about_when_people_are_outside_the_window()
    {
        var group = BroadcastWorld.NewGroup();
        await world.AddContactsAsync(2, group, language: "ar");
        var preview = await world.Previews.PreviewAsync(BroadcastWorld.Input(await world.AddTemplateAsync(), [await world.AddSegmentAsync(group)]));

        Assert.False(preview!.Languages.Single().HasWhatsAppTemplate);
        Assert.Contains(preview.Warnings, w => w.StartsWith("ar: 2 WhatsApp recipients are outside", StringComparison.Ordinal));
    }
}
