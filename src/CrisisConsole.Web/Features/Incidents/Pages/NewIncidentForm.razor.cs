using CrisisConsole.Web.Components.Shared;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Segments;
using Microsoft.AspNetCore.Components;
using Radzen;

namespace CrisisConsole.Web.Features.Incidents.Pages;

/// <summary>The "New incident" form: confirms, opens through <see cref="IncidentService"/>, then goes to the incident's page.</summary>
public sealed partial class NewIncidentForm
{
    private readonly IncidentInput input = new();
    private readonly List<VariableRow> variables = [new() { Name = "org" }, new() { Name = "event" }];
    private IReadOnlyList<string> zones = [];
    private IReadOnlyList<IncidentPersonChoice> people = [];
    private IReadOnlyList<SegmentSummary> segments = [];
    private IReadOnlyDictionary<string, string> errors = new Dictionary<string, string>();
    private bool busy;

    [Parameter] public EventCallback Cancelled { get; set; }

    [Inject] public required IncidentService Incidents { get; init; }
    [Inject] public required IncidentQueries Queries { get; init; }
    [Inject] public required SegmentService Segments { get; init; }
    [Inject] public required CurrentActor Actor { get; init; }
    [Inject] public required DialogService Dialogs { get; init; }
    [Inject] public required NotificationService Notifications { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    protected override async Task OnInitializedAsync()
    {
        zones = await Queries.ZonesAsync();
        people = await Queries.PeopleAsync();
        segments = await Segments.ListAsync();
    }

    private void SeverityChanged(ChangeEventArgs e) =>
        input.Severity = Enum.TryParse<IncidentSeverity>(e.Value?.ToString(), out var severity) ? severity : null;

    private void ZoneToggled(string zone, ChangeEventArgs e)
    {
        input.Zones.Remove(zone);
        if (e.Value is true)
        {
            input.Zones.Add(zone);
        }
    }

    private async Task OpenAsync()
    {
        if (busy)
        {
            return;
        }

        input.Variables = variables.Where(v => !string.IsNullOrWhiteSpace(v.Name))
            .GroupBy(v => v.Name!.Trim(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Value ?? "", StringComparer.Ordinal);
        var what = $"Open the {(input.Severity?.ToString().ToLowerInvariant() ?? "")} incident \"{input.Title.Trim()}\"" +
                   (input.IsDrill ? " as a DRILL" : "") + "? It appears to everyone on the Incidents page.";
        if (await Dialogs.Confirm(what, "Open incident", new ConfirmOptions { OkButtonText = "Open incident", CancelButtonText = "Not yet" }) != true)
        {
            return;
        }

        busy = true;
        try
        {
            var result = await Incidents.OpenAsync(input, await Actor.GetAsync());
            errors = result.Errors;
            if (result.Succeeded)
            {
                Notifications.NotifyText(NotificationSeverity.Success, "Incident opened", $"#{result.Incident!.Id} {result.Incident.Title}");
                Navigation.NavigateTo($"incidents/{result.Incident.Id}");
            }
        }
        finally
        {
            busy = false;
        }
    }

    private string? Error(string field) => errors.TryGetValue(field, out var message) ? message : null;

    private sealed class VariableRow
    {
        public string? Name { get; set; }
        public string? Value { get; set; }
    }
}
