using CrisisConsole.Web.Features.Templates;
using Microsoft.AspNetCore.Components;

namespace CrisisConsole.Web.Features.Templates.Pages;

public partial class TemplatesPage
{
    internal static readonly IReadOnlyList<Choice<TemplateCategory?>> CategoryChoices =
        [.. Enum.GetValues<TemplateCategory>().Select(c => new Choice<TemplateCategory?>(c, c.Display()))];

    private static readonly IReadOnlyList<Choice<TemplateStatusFilter>> StatusChoices =
    [
        new(TemplateStatusFilter.Active, "Active"),
        new(TemplateStatusFilter.Retired, "Retired"),
        new(TemplateStatusFilter.All, "All"),
    ];

    private List<TemplateSummary>? templates;
    private string? search;
    private TemplateCategory? category;
    private TemplateStatusFilter status = TemplateStatusFilter.Active;
    private string? loadError;

    [Inject]
    public required TemplateService Templates { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        try
        {
            templates = await Templates.ListAsync(new TemplateListFilter(status, category, search));
            loadError = null;
        }
        catch (Exception e) when (e is Microsoft.EntityFrameworkCore.DbUpdateException or Microsoft.Data.Sqlite.SqliteException)
        {
            templates = [];
            loadError = "The templates could not be loaded. Try again in a moment.";
        }
    }
}

/// <summary>A value and the text shown for it in a drop-down.</summary>
public sealed record Choice<T>(T Value, string Text);
