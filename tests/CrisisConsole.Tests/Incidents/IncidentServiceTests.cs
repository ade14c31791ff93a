using CrisisConsole.Tests.Broadcasts;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Incidents;

namespace CrisisConsole.Tests.Incidents;

/// <summary>Opening, state changes and notes: checked, audited and on the timeline with who and when.</summary>
public sealed class IncidentServiceTests(BroadcastFactory factory) : IClassFixture<BroadcastFactory>
{
    private readonly IncidentWorld world = new(factory);

    [Fact]
    public async Task Opening_stores_the_incident_with_an_opened_entry_and_an_audit_entry()
    {
        var zone = IncidentWorld.NewZone();
        await world.AddContactInZoneAsync(zone);
        var lead = await world.AddUserAsync("Lina");
        var segment = await world.Broadcasts.AddSegmentAsync(BroadcastWorld.NewGroup());

        var incident = await world.OpenAsync(new IncidentInput
        {
            Title = "  فيضان في الشمال  ", Severity = IncidentSeverity.Critical, Zones = [zone.ToLowerInvariant()], SegmentIds = [segment.Id],
            Variables = new() { ["org"] = "Acme", ["event"] = "Flooding", ["empty"] = " " }, IsDrill = true, CommsLeadUserId = lead.Id,
        });

        var stored = await world.ReloadAsync(incident.Id);
        Assert.Equal("فيضان في الشمال", stored.Title);
        Assert.Equal(IncidentState.Open, stored.State);
        Assert.True(stored.IsDrill);
        Assert.Equal([zone], IncidentJson.ReadStrings(stored.ZonesJson));
        Assert.Equal([segment.Id], BroadcastJson.ReadIds(stored.SegmentIdsJson));
        Assert.Equal(new Dictionary<string, string> { ["event"] = "Flooding", ["org"] = "Acme" }, BroadcastJson.ReadVariables(stored.VariablesJson));
        Assert.Equal(lead.Id, stored.CommsLeadUserId);
        Assert.Equal("Lina", stored.CommsLeadName);
        Assert.Equal("user:" + BroadcastWorld.Alice.Id, stored.CreatedById);
        var opened = Assert.Single(await world.TimelineAsync(incident.Id));
        Assert.Equal(IncidentTimelineKind.Opened, opened.Kind);
        Assert.Equal(BroadcastWorld.Alice.Name, opened.ActorName);
        Assert.Contains("DRILL", opened.Text);
        Assert.Equal([AuditActions.IncidentOpened], (await world.AuditAsync(incident.Id)).Select(a => a.Action));
    }

    [Fact]
    public async Task Opening_without_a_title_or_severity_is_refused_with_a_message_for_each()
    {
        var result = await world.Incidents.OpenAsync(new IncidentInput { Title = "   " }, BroadcastWorld.Alice);

        Assert.False(result.Succeeded);
        Assert.Contains("title", result.Errors[IncidentFields.Title]);
        Assert.Contains("minor, major or critical", result.Errors[IncidentFields.Severity]);
    }

    [Fact]
    public async Task Opening_with_a_zone_no_contact_has_names_the_zone()
    {
        var result = await world.Incidents.OpenAsync(new IncidentInput { Title = "Fire", Severity = IncidentSeverity.Minor, Zones = ["Atlantis"] }, BroadcastWorld.Alice);

        Assert.Contains("'Atlantis'", result.Errors[IncidentFields.Zones]);
    }

    [Fact]
    public async Task Opening_with_a_disabled_or_unknown_lead_is_refused()
    {
        var disabled = await world.AddUserAsync("Dora", disabled: true);

        var result = await world.Incidents.OpenAsync(new IncidentInput
        {
            Title = "Fire", Severity = IncidentSeverity.Minor, ManagerUserId = "no-such-user", CommsLeadUserId = disabled.Id,
        }, BroadcastWorld.Alice);

        Assert.Contains("must be a user", result.Errors[IncidentFields.Manager]);
        Assert.Contains("disabled", result.Errors[IncidentFields.CommsLead]);
    }

    [Fact]
    public async Task A_state_change_is_audited_and_on_the_timeline_with_the_figures_of_the_moment()
    {
        var incident = await world.OpenAsync();

        var result = await world.Incidents.ChangeStateAsync(incident.Id, IncidentState.Monitoring, BroadcastWorld.Bob, incident.Version);

        Assert.True(result.Succeeded, result.Message);
        var stored = await world.ReloadAsync(incident.Id);
        Assert.Equal(IncidentState.Monitoring, stored.State);
        Assert.NotNull(stored.MonitoringAt);
        var timeline = await world.TimelineAsync(incident.Id);
        Assert.Equal([IncidentTimelineKind.Opened, IncidentTimelineKind.StateChanged, IncidentTimelineKind.Figure], timeline.Select(e => e.Kind));
        Assert.Equal("Open → monitoring", timeline[1].Text);
        Assert.Equal(BroadcastWorld.Bob.Name, timeline[1].ActorName);
        Assert.Contains("0 reached, 0 safe, 0 need help, 0 unaccounted for", timeline[2].Text);
        Assert.Equal([AuditActions.IncidentOpened, AuditActions.IncidentStateChanged], (await world.AuditAsync(incident.Id)).Select(a => a.Action));
    }

    [Fact]
    public async Task A_change_from_a_stale_page_is_refused()
    {
        var incident = await world.OpenAsync();
        Assert.True((await world.Incidents.ChangeStateAsync(incident.Id, IncidentState.Monitoring, BroadcastWorld.Bob)).Succeeded);

        var result = await world.Incidents.ChangeStateAsync(incident.Id, IncidentState.Resolved, BroadcastWorld.Alice, incident.Version);

        Assert.Contains("changed this incident meanwhile", result.Message);
        Assert.Equal(IncidentState.Monitoring, (await world.ReloadAsync(incident.Id)).State);
    }

    [Fact]
    public async Task A_closed_incident_cannot_change_any_more()
    {
        var incident = await world.OpenAsync();
        Assert.True((await world.Incidents.ChangeStateAsync(incident.Id, IncidentState.Resolved, BroadcastWorld.Bob)).Succeeded);
        Assert.True((await world.Incidents.ChangeStateAsync(incident.Id, IncidentState.Closed, BroadcastWorld.Bob)).Succeeded);

        var result = await world.Incidents.ChangeStateAsync(incident.Id, IncidentState.Open, BroadcastWorld.Bob);

        Assert.Contains("is closed", result.Message);
        Assert.NotNull((await world.ReloadAsync(incident.Id)).ClosedAt);
    }

    [Fact]
    public async Task An_open_incident_cannot_be_closed_before_it_is_resolved()
    {
        var incident = await world.OpenAsync();

        var result = await world.Incidents.ChangeStateAsync(incident.Id, IncidentState.Closed, BroadcastWorld.Bob);

        Assert.Contains("cannot become closed", result.Message);
    }

    [Fact]
    public async Task Closing_is_refused_while_a_broadcast_of_the_incident_waits_for_approval()
    {
        var incident = await world.OpenAsync();
        var group = BroadcastWorld.NewGroup();
        await world.Broadcasts.AddContactsAsync(2, group);
        var pending = await world.Broadcasts.SubmitAsync(IncidentWorld.Under(
            BroadcastWorld.Input(await world.Broadcasts.AddTemplateAsync(), [await world.Broadcasts.AddSegmentAsync(group)]), incident.Id));
        Assert.True((await world.Incidents.ChangeStateAsync(incident.Id, IncidentState.Resolved, BroadcastWorld.Bob)).Succeeded);

        var result = await world.Incidents.ChangeStateAsync(incident.Id, IncidentState.Closed, BroadcastWorld.Bob);

        Assert.Contains($"#{pending.Id}", result.Message);
        Assert.Equal(IncidentState.Resolved, (await world.ReloadAsync(incident.Id)).State);
    }

    [Fact]
    public async Task A_note_goes_on_the_timeline_and_the_audit_says_only_that_a_note_was_added()
    {
        var incident = await world.OpenAsync();

        var result = await world.Incidents.AddNoteAsync(incident.Id, "  Called the mayor's office; roads closed north of the river.  ", BroadcastWorld.Bob);

        Assert.True(result.Succeeded, result.Message);
        var note = (await world.TimelineAsync(incident.Id)).Last();
        Assert.Equal(IncidentTimelineKind.Note, note.Kind);
        Assert.Equal("Called the mayor's office; roads closed north of the river.", note.Text);
        Assert.Equal(BroadcastWorld.Bob.Id, note.ActorId);
        var audit = (await world.AuditAsync(incident.Id)).Last();
        Assert.Equal(AuditActions.IncidentNoteAdded, audit.Action);
        Assert.DoesNotContain("mayor", audit.Details);
    }

    [Fact]
    public async Task An_empty_note_or_an_unknown_incident_is_refused_with_a_message()
    {
        var incident = await world.OpenAsync();

        Assert.Equal("Write the note first.", (await world.Incidents.AddNoteAsync(incident.Id, "  ", BroadcastWorld.Bob)).Message);
        var missing = await world.Incidents.AddNoteAsync(999_999, "hello", BroadcastWorld.Bob);
        Assert.True(missing.NotFound);
        Assert.Contains("no incident #999999", missing.Message);
    }
}
