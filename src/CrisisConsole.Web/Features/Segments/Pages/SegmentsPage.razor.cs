using CrisisConsole.Web.Features.Accounts;
using Microsoft.AspNetCore.Components;
using Radzen;

namespace CrisisConsole.Web.Features.Segments.Pages;

public sealed partial class SegmentsPage
{
    private List<SegmentSummary>? segments;

    [Inject] public required SegmentService Segments { get; init; }
    [Inject] public required CurrentActor Actor { get; init; }
    [Inject] public required DialogService Dialogs { get; init; }
    [Inject] public required NotificationService Notifications { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    protected override async Task OnInitializedAsync() => segments = await Segments.ListAsync();

    private async Task DeleteAsync(SegmentSummary segment)
    {
        if (!await SegmentDeletion.ConfirmAsync(Dialogs, segment.Name))
        {
            return;
        }

        await Segments.DeleteAsync(segment.Id, await Actor.GetAsync());
        Notifications.Notify(NotificationSeverity.Success, $"Segment {segment.Name} deleted");
        segments = await Segments.ListAsync();
    }
}

/// <summary>The one confirmation text for deleting a segment, from the list or the editor.</summary>
internal static class SegmentDeletion
{
    public static async Task<bool> ConfirmAsync(DialogService dialogs, string name) =>
        await dialogs.Confirm(
            $"Delete the segment {name}? Broadcasts already approved keep their recipients; drafts that use it will need another segment.",
            "Delete segment", new ConfirmOptions { OkButtonText = "Delete", CancelButtonText = "Keep" }) == true;
}
