using CrisisConsole.Web.Components;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.ApiKeys;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Health;
using Microsoft.Extensions.FileProviders;
using Radzen;

namespace CrisisConsole.Web.Hosting;

/// <summary>
/// Builds the whole application. Program.cs calls it, and so do the browser tests and the benchmark
/// harness, which start the real app on a free port with a few settings changed.
/// </summary>
public static class CrisisConsoleApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(CrisisConsoleApp).Assembly.GetName().Name,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot-assets"),
        });

        // Package assets (_content/Radzen.Blazor/...) are served from the build manifest in every
        // environment, not only Development, so the binary and the tests behave like `dotnet run`.
        builder.WebHost.UseStaticWebAssets();

        builder.AddData();
        builder.AddAudit();
        builder.AddAccounts();
        builder.AddApiKeys();
        builder.AddHealth();
        builder.AddFeatures();

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddRadzenComponents();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        builder.Services.AddSingleton(TimeProvider.System);

        configure?.Invoke(builder);

        var app = builder.Build();

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealthEndpoints();
        app.MapAccountEndpoints();
        app.MapFeatureEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().AllowAnonymousFrameworkScripts();

        return app;
    }

    /// <summary>Applies migrations, seeds roles, the first Admin and demo data. Safe to run on every start.</summary>
    public static async Task InitializeAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        foreach (var initializer in scope.ServiceProvider.GetServices<IStartupInitializer>().OrderBy(i => i.Order))
        {
            await initializer.InitializeAsync(cancellationToken);
        }
    }
}
