using CrisisConsole.Web.Features.Accounts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Radzen;

namespace CrisisConsole.Web.Features.Templates.Pages;

/// <summary>
/// Creates and edits one template. The draft is validated on every change with the same rules the
/// service applies, so Save is only offered when the service would accept it.
/// </summary>
public partial class TemplateEditorPage
{
    private static readonly IReadOnlyList<Choice<TemplateCategory>> Categories =
        [.. Enum.GetValues<TemplateCategory>().Select(c => new Choice<TemplateCategory>(c, c.Display()))];

    private readonly Dictionary<string, string> samples = new(StringComparer.Ordinal);
    private readonly List<TemplateProblem> serverProblems = [];
    private MessageTemplate? stored;
    private TemplateDraft? draft;
    private TemplateValidation validation = TemplateValidation.Valid;
    private bool loaded;
    private int? loadedId;
    private string? loadError;
    private string variablesText = "";
    private int selected;
    private string newLanguage = "";
    private string? addLanguageError;
    private bool nameTaken;
    private bool dirty;
    private bool busy;

    [Parameter]
    public int? Id { get; set; }

    /// <summary>The language tab to open first (?language=ar), e.g. from a link in the composer.</summary>
    [SupplyParameterFromQuery(Name = "language")]
    public string? Language { get; set; }

    [Inject]
    public required TemplateService Templates { get; init; }

    [Inject]
    public required CurrentActor CurrentActor { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required DialogService Dialogs { get; init; }

    [Inject]
    public required NotificationService Notifications { get; init; }

    private VariantDraft? SelectedVariant => draft is { Variants.Count: > 0 } ? draft.Variants[Math.Clamp(selected, 0, draft.Variants.Count - 1)] : null;

    private List<TemplateProblem> BlockingProblems
    {
        get
        {
            var problems = validation.Errors.ToList();
            if (nameTaken && draft is not null)
            {
                problems.Add(new TemplateProblem(ProblemSeverity.Error, TemplateField.Name, null,
                    $"A template named \"{draft.Name.Trim()}\" already exists (it may be retired). Choose another name."));
            }

            problems.AddRange(serverProblems.Where(p => !problems.Any(q => q.Message == p.Message)));
            return problems;
        }
    }

    private List<TemplateProblem> GeneralWarnings => [.. validation.General.Where(p => !p.IsError)];

    protected override async Task OnParametersSetAsync()
    {
        if (loaded && loadedId == Id)
        {
            return;
        }

        loaded = true;
        loadedId = Id;
        loadError = null;
        if (Id is null)
        {
            stored = null;
            Show(new TemplateDraft { Variants = [new VariantDraft { Language = "en" }] });
            return;
        }

        stored = await Templates.GetAsync(Id.Value);
        if (stored is null)
        {
            draft = null;
            loadError = "There is no template with this number. Go back to the list of templates.";
            return;
        }

        Show(TemplateDraft.From(stored), Language);
    }

    private void Show(TemplateDraft shown, string? selectLanguage = null)
    {
        draft = shown;
        variablesText = string.Join(", ", shown.Variables);
        selected = Math.Max(0, shown.Variants.FindIndex(v => string.Equals(v.Language, selectLanguage, StringComparison.OrdinalIgnoreCase)));
        dirty = false;
        nameTaken = false;
        serverProblems.Clear();
        FillSamples();
        Revalidate();
    }

    private void Changed()
    {
        dirty = true;
        serverProblems.Clear();
        Revalidate();
    }

    private void Revalidate()
    {
        if (draft is not null)
        {
            validation = TemplateValidator.Validate(draft, samples);
        }
    }

    private async Task NameChangedAsync()
    {
        Changed();
        var name = draft!.Name.Trim();
        nameTaken = name.Length > 0 && await Templates.NameExistsAsync(name, Id);
    }

    private void VariablesChanged()
    {
        draft!.Variables = TemplateDraft.ParseVariables(variablesText);
        FillSamples();
        Changed();
    }

    private void FillSamples()
    {
        foreach (var variable in draft?.Variables ?? [])
        {
            if (!samples.ContainsKey(variable))
            {
                samples[variable] = DemoTemplates.SampleValues.TryGetValue(variable, out var known) ? known : "";
            }
        }
    }

    private string SampleFor(string variable) => samples.TryGetValue(variable, out var value) ? value : "";

    private void SampleChanged(string variable, string value)
    {
        samples[variable] = value ?? "";
        Revalidate();
    }

    private bool IsDefaultVariant(VariantDraft variant) => ReferenceEquals(variant, draft?.DefaultVariant);

    private async Task AddLanguageOnEnterAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter")
        {
            await Task.Yield();
            AddLanguage();
        }
    }

    private void AddLanguage()
    {
        addLanguageError = draft!.TryAddVariant(newLanguage, out var index);
        if (index >= 0)
        {
            selected = index;
        }

        if (addLanguageError is null)
        {
            newLanguage = "";
            Changed();
        }
    }

    private void RemoveVariant(VariantDraft variant)
    {
        draft!.Variants.Remove(variant);
        selected = Math.Clamp(selected, 0, Math.Max(0, draft.Variants.Count - 1));
        Changed();
    }

    private async Task SaveAsync()
    {
        if (draft is null || busy || BlockingProblems.Count > 0)
        {
            return;
        }

        busy = true;
        try
        {
            var actor = await CurrentActor.GetAsync();
            var result = Id is null
                ? await Templates.CreateAsync(draft, actor)
                : await Templates.UpdateAsync(Id.Value, draft, actor);
            if (!result.Succeeded)
            {
                serverProblems.Clear();
                serverProblems.AddRange(result.Validation.Errors);
                return;
            }

            Notifications.Notify(NotificationSeverity.Success, "Template saved", $"{result.Template!.Name} is saved.");
            if (Id is null)
            {
                dirty = false;
                Navigation.NavigateTo($"templates/{result.Template.Id}");
                return;
            }

            stored = result.Template;
            Show(TemplateDraft.From(result.Template), SelectedVariant?.Language);
        }
        catch (Exception e) when (e is DbUpdateException or SqliteException)
        {
            serverProblems.Clear();
            serverProblems.Add(new TemplateProblem(ProblemSeverity.Error, TemplateField.Name, null,
                "The template could not be saved because the database did not answer. Your edits are still here; try again."));
        }
        finally
        {
            busy = false;
        }
    }

    private async Task RetireAsync()
    {
        var confirmed = await Dialogs.Confirm(
            $"Retire \"{stored!.Name}\"? Operators will no longer be able to pick it and the API will refuse it. Broadcasts already sent keep it. You can return it to use later.",
            "Retire template",
            new ConfirmOptions { OkButtonText = "Retire", CancelButtonText = "Keep it" });
        if (confirmed == true)
        {
            await SetRetiredAsync(true);
        }
    }

    private Task UnretireAsync() => SetRetiredAsync(false);

    private async Task SetRetiredAsync(bool retired)
    {
        busy = true;
        try
        {
            var actor = await CurrentActor.GetAsync();
            stored = retired ? await Templates.RetireAsync(stored!.Id, actor) : await Templates.UnretireAsync(stored!.Id, actor);
            // This page's own change must not look like someone else's on the next save.
            draft!.LoadedVersion = stored.UpdatedAt;
            Notifications.Notify(NotificationSeverity.Info, retired ? "Template retired" : "Template back in use", stored.Name);
        }
        catch (KeyNotFoundException e)
        {
            loadError = e.Message;
        }
        finally
        {
            busy = false;
        }
    }

    private async Task ConfirmLeaveAsync(LocationChangingContext context)
    {
        if (!dirty)
        {
            return;
        }

        var leave = await Dialogs.Confirm("You have changes that are not saved. Leave this page and lose them?", "Unsaved changes",
            new ConfirmOptions { OkButtonText = "Leave", CancelButtonText = "Stay" });
        if (leave != true)
        {
            context.PreventNavigation();
        }
    }
}
