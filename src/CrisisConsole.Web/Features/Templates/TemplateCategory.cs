namespace CrisisConsole.Web.Features.Templates;

/// <summary>What a template is for; the composer filters on it and reports group by it.</summary>
public enum TemplateCategory
{
    Alert,
    Update,
    CheckIn,
    Resolution,
    Drill,
}

public static class TemplateCategoryNames
{
    /// <summary>The name people read ("check-in"), not the enum's.</summary>
    public static string Display(this TemplateCategory category) => category switch
    {
        TemplateCategory.Alert => "alert",
        TemplateCategory.Update => "update",
        TemplateCategory.CheckIn => "check-in",
        TemplateCategory.Resolution => "resolution",
        TemplateCategory.Drill => "drill",
        _ => category.ToString().ToLowerInvariant(),
    };
}
