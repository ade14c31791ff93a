using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Hosting;

namespace CrisisConsole.Web.Features.Templates;

/// <summary>
/// Adds the demo templates (safety-check, incident-update, all-clear, drill-notice) when demo data is
/// on (DemoData:Enabled, default true). A template is added only if none of that name exists, so
/// an Admin's edits, or a retired template, are never overwritten on the next start.
/// </summary>
internal sealed partial class TemplateDemoSeeder(TemplateService templates, IConfiguration configuration, ILogger<TemplateDemoSeeder> logger)
    : IStartupInitializer
{
    public int Order => StartupOrder.DemoData + 1;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue("DemoData:Enabled", true))
        {
            return;
        }

        foreach (var draft in DemoTemplates.All())
        {
            if (await templates.NameExistsAsync(draft.Name, cancellationToken: cancellationToken))
            {
                continue;
            }

            var result = await templates.CreateAsync(draft, AuditActor.System, cancellationToken);
            if (result.Succeeded)
            {
                LogSeeded(logger, draft.Name);
            }
            else
            {
                // Demo data must never stop the console from starting; the seeder test catches this.
                LogRefused(logger, draft.Name, string.Join(" ", result.Validation.Errors));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo template {TemplateName} added")]
    private static partial void LogSeeded(ILogger logger, string templateName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo template {TemplateName} was not added: {Problems}")]
    private static partial void LogRefused(ILogger logger, string templateName, string problems);
}
