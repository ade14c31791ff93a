using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CrisisConsole.BrowserTests.Pages;

public sealed record NewIncident(string Title, string Severity, string Zone, string Segment, string CommsLead, IReadOnlyDictionary<string, string> Variables);

/// <summary>/incidents: the list and its "New incident" form.</summary>
public sealed class IncidentsListPage(IPage page)
{
    public async Task OpenAsync()
    {
        await page.GotoAsync("/incidents");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Incidents", Exact = true }).WaitForAsync();
        await page.WaitForInteractiveAsync();
    }

    /// <summary>Fills the form, confirms, and returns the new incident's id from the page it lands on.</summary>
    public async Task<int> OpenIncidentAsync(NewIncident incident)
    {
        var form = page.GetByRole(AriaRole.Form, new() { Name = "New incident" });
        await page.GetByRole(AriaRole.Button, new() { Name = "New incident" }).ClickUntilVisibleAsync(form);
        await form.GetByLabel("Title").FillAsync(incident.Title);
        await form.GetByLabel("Severity").SelectOptionAsync(incident.Severity);
        await form.GetByRole(AriaRole.Group, new() { Name = "Affected zones" }).GetByLabel(incident.Zone, new() { Exact = true }).CheckAsync();
        await form.GetByLabel("Communications lead").SelectOptionAsync(new SelectOptionValue { Label = incident.CommsLead });
        await form.GetByRole(AriaRole.Group, new() { Name = "Segments" }).GetByLabel(incident.Segment).CheckAsync();
        foreach (var (name, value) in incident.Variables)
        {
            await form.GetByLabel($"Value of {name}", new() { Exact = true }).FillAsync(value);
        }

        await form.GetByRole(AriaRole.Button, new() { Name = "Open incident" }).ClickAsync();
        await page.GetByRole(AriaRole.Alertdialog).GetByRole(AriaRole.Button, new() { Name = "Open incident" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/incidents/\d+$"));
        return int.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..]);
    }
}

/// <summary>/incidents/{id}: header, actions, live totals, timeline.</summary>
public sealed class IncidentPage(IPage page)
{
    public ILocator State => page.GetByTestId("incident-state");

    public ILocator Safe => page.GetByTestId("incident-safe");

    public ILocator Timeline => page.GetByTestId("incident-timeline");

    public async Task OpenAsync(int id)
    {
        await page.GotoAsync($"/incidents/{id}");
        await State.WaitForAsync();
        await page.WaitForInteractiveAsync();
    }

    public Task ComposeUnderItAsync() => page.GetByRole(AriaRole.Link, new() { Name = "Compose another broadcast" }).ClickAsync();

    /// <summary>Presses a state button (Resolve, Close...) and confirms.</summary>
    public async Task ChangeStateAsync(string verb)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = verb, Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Alertdialog).GetByRole(AriaRole.Button, new() { Name = verb, Exact = true }).ClickAsync();
    }

    /// <summary>Presses a follow-up button and returns the id of the draft the composer opens.</summary>
    public async Task<int> FollowUpAsync(string button)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/broadcasts/\d+/edit$"));
        var path = page.Url[..page.Url.LastIndexOf('/')];
        return int.Parse(path[(path.LastIndexOf('/') + 1)..]);
    }

    public Task OpenReportAsync() => page.GetByTestId("incident-report-link").ClickAsync();
}
