using CrisisConsole.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.ApiKeys;

public static class ApiKeysRegistration
{
    public static void AddApiKeys(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        var authorization = builder.Services.AddAuthorizationBuilder();
        authorization.AddPolicy(ApiKeyAuthenticationHandler.SchemeName, policy => policy
            .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser());
        foreach (var scope in ApiScopes.All)
        {
            authorization.AddPolicy(ApiScopes.Policy(scope), policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireClaim(ApiScopes.ClaimType, scope));
        }

        builder.Services.AddOptions<ProvisionedApiKeysOptions>()
            .BindConfiguration(ProvisionedApiKeysOptions.Section)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ProvisionedApiKeysOptions>, ProvisionedApiKeysValidator>();
        builder.Services.AddScoped<IStartupInitializer, ProvisionedApiKeySeeder>();
        builder.Services.AddSingleton<ApiKeyService>();
    }

    /// <summary>Every endpoint of the group needs a valid API key (any scope); add scopes per endpoint.</summary>
    public static RouteGroupBuilder RequireApiKey(this RouteGroupBuilder group) =>
        group.RequireAuthorization(ApiKeyAuthenticationHandler.SchemeName);

    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(ApiScopes.Policy(scope));
}
