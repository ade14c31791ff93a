using Microsoft.AspNetCore.Authorization;

namespace CrisisConsole.Web.Hosting;

internal static class FrameworkScriptConventions
{
    /// <summary>
    /// The fallback policy requires sign-in everywhere, which would also redirect the request for
    /// _framework/blazor.web.js from the sign-in page. The framework script is public code; let it through.
    /// </summary>
    public static RazorComponentsEndpointConventionBuilder AllowAnonymousFrameworkScripts(this RazorComponentsEndpointConventionBuilder builder)
    {
        builder.Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder route && route.RoutePattern.RawText?.TrimStart('/').StartsWith("_framework/blazor.", StringComparison.Ordinal) == true)
            {
                endpoint.Metadata.Add(new AllowAnonymousAttribute());
            }
        });
        return builder;
    }
}
