using System.Security.Claims;
using System.Text.Encodings.Web;
using CrisisConsole.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.ApiKeys;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> against the stored key hashes. A missing or
/// unknown key answers 401, a key without the scope 403, both as problem details.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDbContextFactory<AppDbContext> contexts,
    TimeProvider clock,
    IProblemDetailsService problemDetails)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("Authorization must be 'Bearer <key>'.");
        }

        var key = header["Bearer ".Length..].Trim();
        if (key.Length is 0 or > 200)
        {
            return AuthenticateResult.Fail("The API key is malformed.");
        }

        var hash = ApiKeyHasher.Hash(key);
        await using var db = await contexts.CreateDbContextAsync(Context.RequestAborted);
        var apiKey = await db.Set<ApiKey>().AsNoTracking().SingleOrDefaultAsync(k => k.Hash == hash, Context.RequestAborted);
        if (apiKey is null || apiKey.RevokedAt is not null)
        {
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        }

        // Last use is advisory; update it at most once a minute to keep the hot path light.
        var now = clock.GetUtcNow();
        if (apiKey.LastUsedAt is null || now - apiKey.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            await db.Set<ApiKey>().Where(k => k.Id == apiKey.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, "apikey:" + apiKey.Id),
            new(ClaimTypes.Name, "API key " + apiKey.Name),
            new(ApiScopes.KeyIdClaimType, apiKey.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        claims.AddRange(apiKey.ScopeList.Select(scope => new Claim(ApiScopes.ClaimType, scope)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblem(StatusCodes.Status401Unauthorized, "A valid API key is required.",
            "Send it as 'Authorization: Bearer <key>'. Keys are created by an Admin on the API keys page.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblem(StatusCodes.Status403Forbidden, "This API key lacks the scope this call needs.", null);

    private async Task WriteProblem(int status, string title, string? detail)
    {
        Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            Response.Headers.WWWAuthenticate = "Bearer";
        }

        await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
