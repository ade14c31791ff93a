using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Features.Incidents;
using CrisisConsole.Web.Features.Incidents.Reports;
using CrisisConsole.Web.Features.Templates;
using static CrisisConsole.Tests.IncidentReports.ReportTestData;

namespace CrisisConsole.Tests.IncidentReports;

/// <summary>Every figure of the report on the known incident of <see cref="ReportTestData.AddKnownIncidentAsync"/>, computed by hand.</summary>
public sealed class IncidentReportBuilderTests : IAsyncLifetime
{
    private ReportTestBed bed = null!;

    public async Task InitializeAsync() => bed = await ReportTestBed.CreateAsync();

    public async Task DisposeAsync() => await bed.DisposeAsync();

    private static TimeSpan Seconds(double s) => TimeSpan.FromSeconds(s);

    [Fact]
    public async Task An_unknown_incident_has_no_report()
    {
        Assert.Null(await bed.Reports.BuildAsync(424242));
    }

    [Fact]
    public async Task Messages_per_channel_count_sent_delivered_read_and_failed_without_the_drill()
    {
        var known = await bed.Data.AddKnownIncidentAsync();

        var report = (await bed.Reports.BuildAsync(known.Incident.Id))!;

        Assert.Equal(2, report.BroadcastCount);
        var whatsApp = Assert.Single(report.Channels, c => c.Channel == MessageChannel.WhatsApp);
        var sms = Assert.Single(report.Channels, c => c.Channel == MessageChannel.Sms);
        // WhatsApp: six rows; the pending one was never handed to the provider.
        Assert.Equal((6, 5, 3, 1, 2), (whatsApp.Messages, whatsApp.Sent, whatsApp.Delivered, whatsApp.Read, whatsApp.Failed));
        Assert.Equal(0.6, whatsApp.DeliveryRate!.Value, 6);
        Assert.Equal((3, 3, 2, 0, 1), (sms.Messages, sms.Sent, sms.Delivered, sms.Read, sms.Failed));
        Assert.Equal(2.0 / 3, sms.DeliveryRate!.Value, 6);
        var all = report.AllChannels;
        Assert.Equal((9, 8, 5, 1, 3), (all.Messages, all.Sent, all.Delivered, all.Read, all.Failed));
        Assert.Equal(0.625, all.DeliveryRate!.Value, 6);
    }

    [Fact]
    public async Task Time_to_deliver_has_median_and_95th_percentile_per_channel_for_odd_and_even_counts()
    {
        var known = await bed.Data.AddKnownIncidentAsync();

        var report = (await bed.Reports.BuildAsync(known.Incident.Id))!;

        // WhatsApp 2, 4, 8 s (odd): median 4; p95 at position 1.9 = 4 + 0.9 × 4.
        Assert.Equal(new DurationStats(3, Seconds(4), Seconds(7.6)), report.Channels.Single(c => c.Channel == MessageChannel.WhatsApp).TimeToDeliver);
        // SMS 6, 10 s (even): median is the mean of the two; p95 at position 0.95 = 6 + 0.95 × 4.
        Assert.Equal(new DurationStats(2, Seconds(8), Seconds(9.8)), report.Channels.Single(c => c.Channel == MessageChannel.Sms).TimeToDeliver);
        // All: 2, 4, 6, 8, 10 s: median 6; p95 at position 3.8 = 8 + 0.8 × 2.
        Assert.Equal(new DurationStats(5, Seconds(6), Seconds(9.6)), report.AllChannels.TimeToDeliver);
    }

    [Fact]
    public async Task Answers_count_each_person_once_by_their_latest_answer()
    {
        var known = await bed.Data.AddKnownIncidentAsync();

        var checkIns = (await bed.Reports.BuildAsync(known.Incident.Id))!.CheckIns;

        Assert.Equal((1, 6, 3, 1, 2), (checkIns.Broadcasts, checkIns.Recipients, checkIns.Safe, checkIns.NeedsHelp, checkIns.NoAnswer));
        Assert.Equal(4.0 / 6, checkIns.AnswerRate!.Value, 6);
    }

    [Fact]
    public async Task Time_to_answer_and_time_to_safe_run_from_the_check_in_start()
    {
        var known = await bed.Data.AddKnownIncidentAsync();

        var checkIns = (await bed.Reports.BuildAsync(known.Incident.Id))!.CheckIns;

        // First answers 30, 45, 60, 90 s: median 52.5; p95 at 2.85 = 60 + 0.85 × 30.
        Assert.Equal(new DurationStats(4, Seconds(52.5), Seconds(85.5)), checkIns.TimeToAnswer);
        // Safe since 60 s (Amal), 120 s (Bruno, after asking for help at 30 s), 90 s (Chloé, not her repeat at 300 s).
        Assert.Equal(new DurationStats(3, Seconds(90), Seconds(117)), checkIns.TimeToSafe);
    }

    [Fact]
    public async Task The_unaccounted_are_listed_by_name_with_their_last_message()
    {
        var known = await bed.Data.AddKnownIncidentAsync();

        var report = (await bed.Reports.BuildAsync(known.Incident.Id))!;

        Assert.Equal(2, report.UnaccountedCount);
        Assert.False(report.UnaccountedTruncated);
        Assert.Equal(
            [
                new UnaccountedContact(known.Fatou.Id, "Fatou Diallo", known.Fatou.Phone, "East", MessageChannel.WhatsApp, DeliveryStatus.Pending),
                new UnaccountedContact(known.Sara.Id, "سارة الخطيب", known.Sara.Phone, "East", MessageChannel.Sms, DeliveryStatus.Failed),
            ],
            report.Unaccounted);
    }

    [Fact]
    public async Task The_unaccounted_page_and_the_capped_list_say_how_many_there_are()
    {
        var known = await bed.Data.AddKnownIncidentAsync();

        var capped = (await bed.Reports.BuildAsync(known.Incident.Id, unaccountedLimit: 1))!;
        var secondPage = await bed.Reports.GetUnaccountedAsync(known.Incident.Id, skip: 1, take: 10);

        Assert.Equal(2, capped.UnaccountedCount);
        Assert.True(capped.UnaccountedTruncated);
        Assert.Equal("Fatou Diallo", Assert.Single(capped.Unaccounted).Name);
        Assert.Equal("سارة الخطيب", Assert.Single(secondPage).Name);
        Assert.Equal(2, await bed.Reports.CountUnaccountedAsync(known.Incident.Id));
    }

    [Fact]
    public async Task Failures_are_grouped_by_channel_and_code_most_frequent_first()
    {
        var known = await bed.Data.AddKnownIncidentAsync();

        var failures = (await bed.Reports.BuildAsync(known.Incident.Id))!.Failures;

        Assert.Equal(
            [
                new Web.Features.Dashboard.FailureReason(MessageChannel.WhatsApp, "131026", "Message undeliverable", 2),
                new Web.Features.Dashboard.FailureReason(MessageChannel.Sms, "30003", "Unreachable destination handset", 1),
            ],
            failures);
    }

    [Fact]
    public async Task Fallbacks_count_the_sms_sent_in_place_of_whatsapp_and_how_many_arrived()
    {
        var known = await bed.Data.AddKnownIncidentAsync();

        var fallbacks = (await bed.Reports.BuildAsync(known.Incident.Id))!.Fallbacks;

        Assert.Equal(new FallbackFigures(2, 1, 1), fallbacks);
        Assert.Equal(0.5, fallbacks.DeliveryRate);
    }

    [Fact]
    public async Task The_timeline_is_in_time_order()
    {
        var known = await bed.Data.AddKnownIncidentAsync();

        var timeline = (await bed.Reports.BuildAsync(known.Incident.Id))!.Timeline;

        Assert.Equal([IncidentTimelineKind.Opened, IncidentTimelineKind.BroadcastStarted, IncidentTimelineKind.StateChanged], timeline.Select(t => t.Kind));
        Assert.Equal(known.CheckIn.Id, timeline[1].BroadcastId);
    }

    [Fact]
    public async Task An_incident_with_no_messages_reports_zeros_and_no_rates()
    {
        var incident = await bed.Data.AddIncidentAsync("Quiet night");

        var report = (await bed.Reports.BuildAsync(incident.Id))!;

        Assert.Empty(report.Channels);
        Assert.Equal(DeliveryFigures.Empty(null), report.AllChannels);
        Assert.Null(report.AllChannels.DeliveryRate);
        Assert.Equal(new CheckInFigures(0, 0, 0, 0, DurationStats.None, DurationStats.None), report.CheckIns);
        Assert.Null(report.CheckIns.AnswerRate);
        Assert.Equal(0, report.UnaccountedCount);
        Assert.Empty(report.Failures);
        Assert.Equal(new FallbackFigures(0, 0, 0), report.Fallbacks);
        Assert.Empty(await bed.Reports.GetActivityAsync(incident.Id));
    }

    [Fact]
    public async Task A_drill_incident_counts_its_own_drill_broadcasts()
    {
        var drill = await bed.Data.AddIncidentAsync("Evacuation drill", drill: true);
        var checkIn = await bed.Data.AddBroadcastAsync(drill.Id, TemplateCategory.Drill, T0, drill: true);
        var person = await bed.Data.AddContactAsync("Amal Haddad", "North");
        await bed.Data.AddDeliveryAsync(checkIn.Id, person, MessageChannel.WhatsApp, DeliveryStatus.Delivered, sentAt: T0, deliveredAt: T0.AddSeconds(3));

        var report = (await bed.Reports.BuildAsync(drill.Id))!;

        Assert.True(report.IsDrill);
        Assert.Equal(1, report.AllChannels.Delivered);
        Assert.Equal(new DurationStats(1, Seconds(3), Seconds(3)), report.AllChannels.TimeToDeliver);
    }

    [Fact]
    public async Task Percentiles_from_sql_match_the_reference_on_many_samples()
    {
        var incident = await bed.Data.AddIncidentAsync();
        var alert = await bed.Data.AddBroadcastAsync(incident.Id, TemplateCategory.Alert, T0);
        var random = new Random(7);
        var samples = new List<TimeSpan>();
        for (var i = 0; i < 41; i++)
        {
            var ms = random.Next(0, 600_000);
            samples.Add(TimeSpan.FromMilliseconds(ms));
            await bed.Data.AddDeliveryAsync(alert.Id, null, MessageChannel.Sms, DeliveryStatus.Delivered, sentAt: T0, deliveredAt: T0.AddMilliseconds(ms));
        }

        var report = (await bed.Reports.BuildAsync(incident.Id))!;

        Assert.Equal(DurationPercentiles.Of(samples), report.AllChannels.TimeToDeliver);
    }

    [Fact]
    public async Task Without_a_sent_time_delivery_is_timed_from_when_the_message_was_queued()
    {
        var incident = await bed.Data.AddIncidentAsync();
        var alert = await bed.Data.AddBroadcastAsync(incident.Id, TemplateCategory.Alert, T0);
        await bed.Data.AddDeliveryAsync(alert.Id, null, MessageChannel.Sms, DeliveryStatus.Delivered, deliveredAt: T0.AddSeconds(25), createdAt: T0.AddSeconds(5));

        var report = (await bed.Reports.BuildAsync(incident.Id))!;

        Assert.Equal(Seconds(20), report.AllChannels.TimeToDeliver.Median);
    }

    [Fact]
    public async Task Activity_counts_deliveries_and_answers_per_minute()
    {
        var known = await bed.Data.AddKnownIncidentAsync();

        var points = await bed.Reports.GetActivityAsync(known.Incident.Id);

        Assert.Equal(5, points.Sum(p => p.Delivered));
        // Current answers only, and not the drill's "help".
        Assert.Equal((3, 1), (points.Sum(p => p.Safe), points.Sum(p => p.NeedsHelp)));
    }
}
