namespace CrisisConsole.Web.Features.Templates;

public enum ProblemSeverity
{
    /// <summary>The template cannot be saved until it is fixed.</summary>
    Error,

    /// <summary>Worth a look, but the template can be saved.</summary>
    Warning,
}

/// <summary>The part of the editor a problem belongs to, so the page can show it beside that field.</summary>
public enum TemplateField
{
    Name,
    Description,
    Variables,
    DefaultLanguage,
    Variants,
    Language,
    Text,
    QuickReplies,
    WhatsApp,
}

/// <summary>One problem, with the variant language it concerns (null for the template as a whole).</summary>
public sealed record TemplateProblem(ProblemSeverity Severity, TemplateField Field, string? Language, string Message)
{
    public bool IsError => Severity == ProblemSeverity.Error;

    public override string ToString() => Language is null ? Message : $"[{Language}] {Message}";
}

public sealed record TemplateValidation(IReadOnlyList<TemplateProblem> Problems)
{
    public static readonly TemplateValidation Valid = new([]);

    public bool HasErrors => Problems.Any(p => p.IsError);

    public IEnumerable<TemplateProblem> Errors => Problems.Where(p => p.IsError);

    public IEnumerable<TemplateProblem> Warnings => Problems.Where(p => !p.IsError);

    /// <summary>Problems of the template as a whole.</summary>
    public IEnumerable<TemplateProblem> General => Problems.Where(p => p.Language is null);

    public IEnumerable<TemplateProblem> ForLanguage(string language) =>
        Problems.Where(p => p.Language is not null && string.Equals(p.Language, language, StringComparison.OrdinalIgnoreCase));
}
