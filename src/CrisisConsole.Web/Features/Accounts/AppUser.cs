using Microsoft.AspNetCore.Identity;

namespace CrisisConsole.Web.Features.Accounts;

public sealed class AppUser : IdentityUser
{
    /// <summary>Shown in the UI and the audit log instead of the e-mail address.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>A disabled user cannot sign in; the account is kept for the audit trail.</summary>
    public bool IsDisabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
