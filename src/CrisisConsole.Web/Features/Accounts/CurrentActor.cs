using System.Security.Claims;
using CrisisConsole.Web.Features.Audit;
using Microsoft.AspNetCore.Components.Authorization;

namespace CrisisConsole.Web.Features.Accounts;

/// <summary>
/// Who is acting, for audit entries and four-eyes checks, from a Blazor circuit or an HTTP request.
/// </summary>
public sealed class CurrentActor(AuthenticationStateProvider? authState, IHttpContextAccessor httpContext)
{
    public async Task<AuditActor> GetAsync()
    {
        ClaimsPrincipal? user = httpContext.HttpContext?.User;
        if (user?.Identity?.IsAuthenticated != true && authState is not null)
        {
            try
            {
                user = (await authState.GetAuthenticationStateAsync()).User;
            }
            catch (InvalidOperationException)
            {
                // Outside a circuit the provider may not be initialised; fall through to anonymous.
            }
        }

        return AuditActor.From(user);
    }
}
