using CrisisConsole.Web.Features.Accounts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Radzen;

namespace CrisisConsole.Web.Features.Contacts.Pages;

/// <summary>
/// Creates or edits one contact. The server checks every field (<see cref="ContactInput.Validate"/>) and
/// the answers go into the form's message store, so each message appears under its own field. Closes
/// with true when saved.
/// </summary>
public sealed partial class ContactEditDialog
{
    private static readonly string[] LanguageSuggestions = ["en", "fr", "ar", "es", "pt", "sw", "ha", "so", "fa", "ur"];

    private static readonly IReadOnlyList<WhatsAppChoice> WhatsAppChoices = [new("Yes", true), new("No", false)];

    private ContactInput? input;
    private EditContext? editContext;
    private ValidationMessageStore? messages;
    private ConsentStatus? storedConsent;
    private IReadOnlyList<ContactConsentChange> history = [];
    private ContactFilterChoices choices = new([], [], [], []);
    private string? formError;
    private bool saving;

    [Parameter] public int? ContactId { get; set; }

    [Inject] public required ContactService Contacts { get; init; }
    [Inject] public required CurrentActor Actor { get; init; }
    [Inject] public required DialogService Dialogs { get; init; }

    private bool ConsentChanges => input is not null && (storedConsent is null ? input.Consent != ConsentStatus.Unknown : input.Consent != storedConsent);

    protected override async Task OnInitializedAsync()
    {
        choices = await Contacts.GetFilterChoicesAsync();
        if (ContactId is { } id)
        {
            var contact = await Contacts.GetAsync(id);
            if (contact is null)
            {
                formError = "This contact no longer exists; it may have been deleted.";
                input = new ContactInput();
            }
            else
            {
                input = ContactInput.From(contact);
                storedConsent = contact.Consent;
                history = contact.ConsentChanges;
            }
        }
        else
        {
            input = new ContactInput();
        }

        editContext = new EditContext(input);
        messages = new ValidationMessageStore(editContext);
        // A field's message goes away as soon as the person edits that field.
        editContext.OnFieldChanged += (_, e) => messages.Clear(e.FieldIdentifier);
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
            var actor = await Actor.GetAsync();
            var result = ContactId is { } id
                ? await Contacts.UpdateAsync(id, input, actor)
                : await Contacts.CreateAsync(input, actor);
            if (result.Succeeded)
            {
                Dialogs.Close(true);
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

            formError ??= "Some fields need attention; see the messages below them.";
            editContext.NotifyValidationStateChanged();
        }
        finally
        {
            saving = false;
        }
    }

    private sealed record WhatsAppChoice(string Text, bool? Value);
}
