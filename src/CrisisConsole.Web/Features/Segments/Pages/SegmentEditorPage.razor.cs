using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Contacts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Radzen;
using Radzen.Blazor;

namespace CrisisConsole.Web.Features.Segments.Pages;

/// <summary>
/// Edits a segment's rule while showing who it selects. Each change of the rule waits 300 ms for the
/// next one, then recounts and reloads the first page of members, so clicking through several chips
/// costs one query, not one per click. Counting goes through <see cref="SegmentResolver"/>, as sending does.
/// </summary>
public sealed partial class SegmentEditorPage : IDisposable
{
    private SegmentInput? input;
    private EditContext? editContext;
    private ValidationMessageStore? messages;
    private ContactFilterChoices choices = new([], [], [], []);
    private RadzenDataGrid<ContactRow>? members;
    // Null until the first page arrives: the grid calls LoadData on first render only when it has no data.
    private IReadOnlyList<ContactRow>? memberRows;
    private int memberTotal;
    private int? memberCount;
    private bool counting;
    private bool loadingMembers;
    private bool saving;
    private bool notFound;
    private string? formError;
    private CancellationTokenSource? recount;

    [Parameter] public int? Id { get; set; }

    [Inject] public required SegmentService Segments { get; init; }
    [Inject] public required ContactService Contacts { get; init; }
    [Inject] public required CurrentActor Actor { get; init; }
    [Inject] public required DialogService Dialogs { get; init; }
    [Inject] public required NotificationService Notifications { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    protected override async Task OnInitializedAsync()
    {
        choices = await Contacts.GetFilterChoicesAsync();
        if (Id is { } id)
        {
            var segment = await Segments.GetAsync(id);
            if (segment is null)
            {
                notFound = true;
                return;
            }

            input = SegmentInput.From(segment);
            // Values saved earlier stay selectable even if no contact carries them any more.
            choices = new ContactFilterChoices(
                choices.Zones.Union(segment.Zones).ToList(), choices.Languages.Union(segment.Languages).ToList(),
                choices.Groups.Union(segment.Groups).ToList(), choices.Tags.Union(segment.Tags).ToList());
        }
        else
        {
            input = new SegmentInput();
        }

        editContext = new EditContext(input);
        messages = new ValidationMessageStore(editContext);
        editContext.OnFieldChanged += (_, e) => messages.Clear(e.FieldIdentifier);
        memberCount = await Segments.CountAsync(input.ToRule());
    }

    private async Task LoadMembersAsync(LoadDataArgs args)
    {
        if (input is null)
        {
            return;
        }

        loadingMembers = true;
        var page = await Segments.MembersAsync(input.ToRule(), args.Skip ?? 0, args.Top ?? 20);
        memberRows = page.Rows;
        memberTotal = page.Total;
        memberCount = page.Total;
        loadingMembers = false;
    }

    private async Task RuleChanged()
    {
        recount?.Cancel();
        recount?.Dispose();
        recount = new CancellationTokenSource();
        var token = recount.Token;
        counting = true;
        try
        {
            await Task.Delay(300, token);
            memberCount = await Segments.CountAsync(input!.ToRule(), token);
            if (members is not null)
            {
                await members.FirstPage(true);
            }
        }
        catch (OperationCanceledException)
        {
            // A newer change is being counted.
            return;
        }

        counting = false;
    }

    private async Task SaveAsync()
    {
        if (input is null || editContext is null || messages is null || saving)
        {
            return;
        }

        saving = true;
        formError = null;
        messages.Clear();
        try
        {
            var result = await Segments.SaveAsync(Id, input, await Actor.GetAsync());
            if (result.Succeeded)
            {
                Notifications.Notify(NotificationSeverity.Success, $"Segment {result.Segment!.Name} saved");
                Navigation.NavigateTo("segments");
                return;
            }

            foreach (var (field, message) in result.Errors)
            {
                if (field.Length == 0)
                {
                    formError = message;
                }
                else
                {
                    messages.Add(editContext.Field(field), message);
                }
            }

            editContext.NotifyValidationStateChanged();
        }
        finally
        {
            saving = false;
        }
    }

    private async Task DeleteAsync()
    {
        if (Id is not { } id || input is null || !await SegmentDeletion.ConfirmAsync(Dialogs, input.Name))
        {
            return;
        }

        await Segments.DeleteAsync(id, await Actor.GetAsync());
        Notifications.Notify(NotificationSeverity.Success, $"Segment {input.Name} deleted");
        Navigation.NavigateTo("segments");
    }

    public void Dispose()
    {
        recount?.Cancel();
        recount?.Dispose();
    }
}
