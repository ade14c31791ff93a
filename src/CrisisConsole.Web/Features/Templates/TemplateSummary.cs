namespace CrisisConsole.Web.Features.Templates;

/// <summary>A row of the template list: enough to choose one, without the texts.</summary>
public sealed record TemplateSummary(
    int Id,
    string Name,
    TemplateCategory Category,
    string Description,
    string DefaultLanguage,
    IReadOnlyList<string> Languages,
    IReadOnlyList<string> Variables,
    bool IsRetired,
    DateTimeOffset UpdatedAt);

public enum TemplateStatusFilter
{
    Active,
    Retired,
    All,
}

/// <summary>Which templates to list. Search matches the name or the description.</summary>
public sealed record TemplateListFilter(TemplateStatusFilter Status = TemplateStatusFilter.Active, TemplateCategory? Category = null, string? Search = null);

/// <summary>The stored template, or the problems that kept it from being stored.</summary>
public sealed record TemplateSaveResult(MessageTemplate? Template, TemplateValidation Validation)
{
    public bool Succeeded => Template is not null;

    public static TemplateSaveResult Refused(TemplateField field, string message) =>
        new(null, new TemplateValidation([new TemplateProblem(ProblemSeverity.Error, field, null, message)]));
}
