using System.Security.Claims;

namespace CrisisConsole.Web.Features.Audit;

/// <summary>Who acted: a signed-in user, an API key, or the system itself.</summary>
public sealed record AuditActor(string Id, string Name)
{
    public static readonly AuditActor System = new("system", "system");
    public static readonly AuditActor Anonymous = new("anonymous", "anonymous");

    public static AuditActor From(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true)
        {
            return Anonymous;
        }

        var id = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown";
        var name = user.Identity.Name ?? id;
        return new AuditActor(id, name);
    }
}
