using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Tests.IncidentReports;
using CrisisConsole.Web.Features.CheckIns;
using CrisisConsole.Web.Features.Metrics;
using CrisisConsole.Web.Features.Templates;
using static CrisisConsole.Tests.IncidentReports.ReportTestData;

namespace CrisisConsole.Tests.Metrics;

/// <summary>The metrics on the known incident of <see cref="ReportTestData.AddKnownIncidentAsync"/> and a drill beside it.</summary>
public sealed class MetricsQueriesTests : IAsyncLifetime
{
    private ReportTestBed bed = null!;

    public async Task InitializeAsync() => bed = await ReportTestBed.CreateAsync();

    public async Task DisposeAsync() => await bed.DisposeAsync();

    private static MetricsFilter Filter(MetricsDimension dimension = MetricsDimension.Channel, MetricsPeriod period = MetricsPeriod.Week,
        MetricsScope scope = MetricsScope.RealIncidents) => new(dimension, period, scope, T0.AddDays(-30), T0.AddDays(30));

    private static string Describe(MetricsRow r) =>
        $"{r.Period} {r.Group}: {r.Messages} msg, {r.Sent} sent, {r.Delivered} delivered, {r.Read} read, {r.Answered}/{r.Asked} answered, " +
        $"deliver {r.MedianTimeToDeliver?.TotalSeconds}, answer {r.MedianTimeToAnswer?.TotalSeconds}";

    [Fact]
    public async Task Per_channel_and_week_counts_real_incidents_only()
    {
        await bed.Data.AddKnownIncidentAsync();
        await AddDrillAsync();

        var rows = await bed.Metrics.GetAsync(Filter());

        Assert.Equal(
            [
                "2026-03-02 Sms: 3 msg, 3 sent, 2 delivered, 0 read, 1/1 answered, deliver 8, answer 45",
                "2026-03-02 WhatsApp: 6 msg, 5 sent, 3 delivered, 1 read, 3/5 answered, deliver 4, answer 60",
            ],
            rows.Select(Describe));
        Assert.Equal("Week of 2026-03-02", rows[0].PeriodLabel);
        Assert.Equal(0.6, rows[1].DeliveryRate!.Value, 6);
        Assert.Equal(1.0 / 3, rows[1].ReadRate!.Value, 6);
        Assert.Equal(0.6, rows[1].AnswerRate!.Value, 6);
    }

    [Fact]
    public async Task Drills_are_shown_on_their_own()
    {
        await bed.Data.AddKnownIncidentAsync();
        await AddDrillAsync();

        var rows = await bed.Metrics.GetAsync(Filter(scope: MetricsScope.Drills));

        // The drill incident's message (2 s), plus the drill check-in filed under the real incident (490 s).
        Assert.Equal(
            [
                "2026-03-02 Sms: 1 msg, 1 sent, 0 delivered, 0 read, 1/1 answered, deliver , answer 40",
                "2026-03-02 WhatsApp: 2 msg, 2 sent, 2 delivered, 1 read, 1/2 answered, deliver 246, answer 20",
            ],
            rows.Select(Describe));
    }

    [Fact]
    public async Task Per_zone_and_incident_groups_by_the_contacts_zone()
    {
        var known = await bed.Data.AddKnownIncidentAsync();

        var rows = await bed.Metrics.GetAsync(Filter(MetricsDimension.Zone, MetricsPeriod.Incident));

        var id = known.Incident.Id;
        Assert.Equal(
            [
                $"{id} East: 3 msg, 2 sent, 0 delivered, 0 read, 0/2 answered, deliver , answer ",
                $"{id} North: 3 msg, 3 sent, 3 delivered, 1 read, 2/2 answered, deliver 4, answer 45",
                $"{id} South: 3 msg, 3 sent, 2 delivered, 0 read, 2/2 answered, deliver 8, answer 67.5",
            ],
            rows.Select(Describe));
        Assert.Equal($"#{id} Flood in the river valley", rows[0].PeriodLabel);
    }

    [Fact]
    public async Task Broadcasts_outside_the_range_are_left_out()
    {
        await bed.Data.AddKnownIncidentAsync();

        var rows = await bed.Metrics.GetAsync(Filter() with { From = T0.AddDays(1) });

        Assert.Empty(rows);
    }

    /// <summary>A drill incident: one WhatsApp check-in delivered in 2 s and answered "safe" after 20 s.</summary>
    private async Task AddDrillAsync()
    {
        var drill = await bed.Data.AddIncidentAsync("Evacuation drill", drill: true);
        var checkIn = await bed.Data.AddBroadcastAsync(drill.Id, TemplateCategory.CheckIn, T0, drill: true);
        var person = await bed.Data.AddContactAsync("Drill Person", "North");
        await bed.Data.AddDeliveryAsync(checkIn.Id, person, MessageChannel.WhatsApp, DeliveryStatus.Delivered, sentAt: T0, deliveredAt: T0.AddSeconds(2));
        await bed.Data.AddAnswerAsync(checkIn.Id, person, CheckInAnswer.Safe, T0.AddSeconds(20));
    }
}
