using CrisisConsole.Web.Hosting;

namespace CrisisConsole.Web.Features.Templates;

public static class TemplatesRegistration
{
    public static void AddTemplates(this IHostApplicationBuilder builder)
    {
        // Stateless over a context factory, so one instance serves every circuit and request.
        builder.Services.AddSingleton<TemplateService>();
        builder.Services.AddScoped<IStartupInitializer, TemplateDemoSeeder>();
    }
}
