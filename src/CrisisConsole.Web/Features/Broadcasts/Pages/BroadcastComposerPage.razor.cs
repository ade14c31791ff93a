using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Dispatch;
using CrisisConsole.Web.Features.Segments;
using CrisisConsole.Web.Features.Templates;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Radzen;

namespace CrisisConsole.Web.Features.Broadcasts.Pages;

/// <summary>
/// Compose, preview, submit. Submitting needs a preview of exactly what is submitted: the page keeps a
/// fingerprint of the input the preview was computed for, and any change makes it stale. The server
/// checks everything again on submit (<see cref="BroadcastDraftService"/>); this page only guides.
/// </summary>
public sealed partial class BroadcastComposerPage
{
    private BroadcastInput input = new();
    private IReadOnlyList<TemplateSummary> templates = [];
    private IReadOnlyList<SegmentSummary> segments = [];
    private IReadOnlyList<Broadcast> openDrafts = [];
    private MessageTemplate? template;
    private BroadcastPreview? preview;
    private string? previewFingerprint;
    private IReadOnlyDictionary<string, string> errors = new Dictionary<string, string>();
    private int? savedId;
    private string? rejection;
    private string? notice;
    private string? blocked;
    private bool loaded;
    private bool scheduled;
    private bool busy;
    private bool previewing;
    private bool incidentIsDrill;
    private AuditActor? actor;

    [Parameter] public int? Id { get; set; }

    /// <summary>"Compose another broadcast" on an incident's page opens /broadcasts/new?incident={id}.</summary>
    [SupplyParameterFromQuery(Name = "incident")] public int? IncidentFromQuery { get; set; }

    [Inject] public required TemplateService Templates { get; init; }
    [Inject] public required SegmentService Segments { get; init; }
    [Inject] public required BroadcastDraftService Drafts { get; init; }
    [Inject] public required BroadcastPreviewService Previews { get; init; }
    [Inject] public required CurrentActor Actor { get; init; }
    [Inject] public required IOptionsMonitor<DispatchOptions> Dispatch { get; init; }
    [Inject] public required DialogService Dialogs { get; init; }
    [Inject] public required NotificationService Notifications { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    private string Title => Id is null ? "New broadcast" : "Edit broadcast";

    private int DefaultFallbackMinutes => Dispatch.CurrentValue.DefaultSmsFallbackMinutes;

    private bool PreviewIsCurrent => preview is not null && previewFingerprint == ComposerInputChecks.Fingerprint(input);

    private bool CanSubmit => PreviewIsCurrent && preview!.Recipients > 0 && preview.Languages.All(l => l.MissingVariables.Count == 0);

    private string SubmitHint => preview is null ? "Preview before submitting."
        : !PreviewIsCurrent ? "The preview is out of date: press Preview again before submitting."
        : preview.Recipients == 0 ? "No one would receive this broadcast."
        : !CanSubmit ? "Fill in every variable before submitting."
        : $"Ready: {preview.Recipients:N0} recipients. A supervisor approves it before anything is sent.";

    private DateTime? ScheduleUtc
    {
        get => input.ScheduledFor?.UtcDateTime;
        set => input.ScheduledFor = value is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;
    }

    protected override async Task OnParametersSetAsync()
    {
        if (loaded && Id is not null && Id == savedId)
        {
            // Our own redirect after the first save: the page already holds this broadcast.
            return;
        }

        blocked = null;
        loaded = false;
        input = new BroadcastInput();
        (savedId, template, preview, previewFingerprint, rejection, notice, scheduled) = (null, null, null, null, null, null, false);
        incidentIsDrill = false;
        errors = new Dictionary<string, string>();
        actor = await Actor.GetAsync();
        templates = await Templates.ListAsync(new TemplateListFilter());
        segments = await Segments.ListAsync();
        openDrafts = Id is null ? await Drafts.OpenDraftsOfAsync(actor) : [];
        if (Id is { } id)
        {
            var broadcast = await Drafts.GetAsync(id);
            if (broadcast is null)
            {
                blocked = "This broadcast does not exist.";
                return;
            }

            if (!BroadcastAuthor.IsAuthor(broadcast, actor))
            {
                blocked = $"Only its author ({broadcast.CreatedByName}) can edit this broadcast.";
                return;
            }

            if (broadcast.State is not (BroadcastState.Draft or BroadcastState.Rejected))
            {
                blocked = $"This broadcast is {BroadcastStateMachine.Describe(broadcast.State)}; it can no longer be edited.";
                return;
            }

            input = BroadcastInput.From(broadcast);
            savedId = broadcast.Id;
            rejection = broadcast.State == BroadcastState.Rejected ? broadcast.DecisionComment ?? "no comment given" : null;
            scheduled = input.ScheduledFor is not null;
            template = await Templates.GetAsync(broadcast.TemplateId);
            DropWhatNoLongerExists();
        }

        if (Id is null && IncidentFromQuery is > 0)
        {
            input.IncidentId = IncidentFromQuery;
        }

        loaded = true;
    }

    private void IncidentChosen(Incidents.IncidentChoice? choice)
    {
        input.IncidentId = choice?.Id;
        // The server forces it too (BroadcastDraftService); the form shows it before a preview is made.
        incidentIsDrill = choice?.IsDrill == true;
        if (incidentIsDrill)
        {
            input.IsDrill = true;
        }
    }

    private void DropWhatNoLongerExists()
    {
        notice = ComposerInputChecks.DropWhatNoLongerExists(input, ref template, segments.Select(s => s.Id).ToHashSet());
    }

    private Task TemplateSelectedAsync(ChangeEventArgs e) =>
        TemplateChangedAsync(int.TryParse(e.Value?.ToString(), out var id) ? id : null);

    private async Task TemplateChangedAsync(int? id)
    {
        input.TemplateId = id;
        template = id is { } templateId ? await Templates.GetAsync(templateId) : null;
        if (template is not null)
        {
            // Values typed for a variable of the same name carry over; others are dropped.
            input.Variables = input.Variables.Where(kv => template.Variables.Contains(kv.Key))
                .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        }
    }

    private void ScheduleToggled(bool on)
    {
        scheduled = on;
        input.ScheduledFor = on ? DateTimeOffset.UtcNow.AddHours(1) : null;
    }

    private async Task PreviewAsync()
    {
        if (busy)
        {
            return;
        }

        var problems = new Dictionary<string, string>();
        if (input.TemplateId is null)
        {
            problems[BroadcastFields.Template] = "Choose a template.";
        }

        if (!input.SegmentIds.Any() && input.ContactIds.Count == 0)
        {
            problems[BroadcastFields.Segments] = "Choose at least one segment.";
        }

        errors = problems;
        if (problems.Count > 0)
        {
            return;
        }

        busy = previewing = true;
        try
        {
            var fingerprint = ComposerInputChecks.Fingerprint(input);
            preview = await Previews.PreviewAsync(input);
            previewFingerprint = fingerprint;
            if (preview is null)
            {
                errors = new Dictionary<string, string> { [BroadcastFields.Template] = "This template no longer exists or has been retired; choose another." };
            }
        }
        finally
        {
            busy = previewing = false;
        }
    }

    private async Task SaveDraftAsync()
    {
        if (busy)
        {
            return;
        }

        busy = true;
        try
        {
            var result = await Drafts.SaveDraftAsync(savedId, input, actor!);
            errors = result.Errors;
            if (result.Succeeded)
            {
                Notifications.Notify(NotificationSeverity.Success, "Draft saved");
                rejection = null;
                if (savedId is null)
                {
                    savedId = result.Broadcast!.Id;
                    Navigation.NavigateTo($"broadcasts/{savedId}/edit", replace: true);
                }
            }
        }
        finally
        {
            busy = false;
        }
    }

    private async Task SubmitAsync()
    {
        if (busy || !CanSubmit)
        {
            return;
        }

        var confirmed = await Dialogs.Confirm(
            $"Submit this broadcast for approval? {preview!.Recipients:N0} {(preview.Recipients == 1 ? "person" : "people")} would be messaged once a supervisor approves it." +
            (input.IsDrill ? " It is marked as a drill." : ""),
            "Submit for approval", new ConfirmOptions { OkButtonText = "Submit", CancelButtonText = "Not yet" });
        if (confirmed != true)
        {
            return;
        }

        busy = true;
        try
        {
            var result = await Drafts.SubmitAsync(savedId, input, actor!);
            errors = result.Errors;
            if (result.Succeeded)
            {
                Notifications.Notify(NotificationSeverity.Success, "Submitted for approval");
                Navigation.NavigateTo($"broadcasts/{result.Broadcast!.Id}");
            }
        }
        finally
        {
            busy = false;
        }
    }

    private async Task DiscardAsync()
    {
        if (busy || savedId is not { } id || await Dialogs.Confirm("Discard this draft? It is kept in the history as cancelled and cannot be sent.",
                "Discard draft", new ConfirmOptions { OkButtonText = "Discard", CancelButtonText = "Keep it" }) != true)
        {
            return;
        }

        var result = await Drafts.DiscardAsync(id, actor!);
        errors = result.Errors;
        if (result.Succeeded)
        {
            Notifications.Notify(NotificationSeverity.Info, "Draft discarded");
            Navigation.NavigateTo("broadcasts/new");
        }
    }

    private string? Error(string field) => errors.TryGetValue(field, out var message) ? message : null;
}
