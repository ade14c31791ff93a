using CrisisConsole.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;

namespace CrisisConsole.Web.Features.Accounts;

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // A form POST with the antiforgery token (the layout renders it), so another site cannot sign people out.
        endpoints.MapPost("/account/logout", async (SignInManager<AppUser> signIn, HttpContext http, AuditLog audit) =>
        {
            var actor = AuditActor.From(http.User);
            await signIn.SignOutAsync();
            await audit.RecordAsync(actor, AuditActions.SignOut, "User", actor.Id, "Signed out");
            return TypedResults.LocalRedirect("/account/login");
        });
    }
}
