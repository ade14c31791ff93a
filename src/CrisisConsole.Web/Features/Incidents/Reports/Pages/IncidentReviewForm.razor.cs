using CrisisConsole.Web.Components.Shared;
using CrisisConsole.Web.Features.Accounts;
using Microsoft.AspNetCore.Components;
using Radzen;

namespace CrisisConsole.Web.Features.Incidents.Reports.Pages;

/// <summary>
/// The operators' review (cause, fix, lessons learned): shown as text, edited in place by operators and supervisors.
/// Saves against the version the form was opened with, so a concurrent edit is refused rather than overwritten.
/// </summary>
public sealed partial class IncidentReviewForm
{
    private const string Reviewers = Roles.Operator + "," + Roles.Supervisor;
    private const int Incident_ReviewMaxLength = Incidents.Incident.ReviewMaxLength;

    private ReviewModel input = new();
    private Guid editingVersion;
    private bool editing;
    private bool saving;
    private string? error;

    [Parameter, EditorRequired] public required IncidentHeader Incident { get; set; }

    /// <summary>Called after a save, so the page reloads the report (and the new version).</summary>
    [Parameter] public EventCallback Saved { get; set; }

    [Inject] public required IncidentReviewService Reviews { get; init; }
    [Inject] public required CurrentActor Actor { get; init; }
    [Inject] public required NotificationService Notifications { get; init; }

    private void StartEditing()
    {
        input = new ReviewModel { Cause = Incident.Cause, Fix = Incident.Fix, LessonsLearned = Incident.LessonsLearned };
        editingVersion = Incident.Version;
        error = null;
        editing = true;
    }

    private void Cancel()
    {
        editing = false;
        error = null;
    }

    private async Task SaveAsync()
    {
        saving = true;
        try
        {
            var result = await Reviews.SaveAsync(Incident.Id, editingVersion, new IncidentReviewInput(input.Cause, input.Fix, input.LessonsLearned),
                await Actor.GetAsync());
            if (!result.Saved)
            {
                error = result.Error;
                return;
            }

            editing = false;
            error = null;
            Notifications.NotifyText(NotificationSeverity.Success, "Review saved", $"The review of incident #{Incident.Id} is saved.");
            await Saved.InvokeAsync();
        }
        finally
        {
            saving = false;
        }
    }

    private sealed class ReviewModel
    {
        public string? Cause { get; set; }
        public string? Fix { get; set; }
        public string? LessonsLearned { get; set; }
    }
}
