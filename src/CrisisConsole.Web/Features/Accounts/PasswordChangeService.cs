using System.Security.Claims;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;

namespace CrisisConsole.Web.Features.Accounts;

/// <summary>
/// A signed-in user changes their own password. Runs in the HTTP request of the (static) password
/// page, so it can renew the user's own cookie: the new security stamp then ends only their other
/// sessions.
/// </summary>
public sealed partial class PasswordChangeService(
    UserManager<AppUser> users,
    SignInManager<AppUser> signIn,
    AppDbContext db,
    AuditLog audit,
    ILogger<PasswordChangeService> logger)
{
    public async Task<UserChangeResult> ChangeAsync(ClaimsPrincipal principal, string currentPassword, string newPassword, CancellationToken cancellationToken = default)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null || user.IsDisabled)
        {
            return UserChangeResult.Failed("Your session has ended. Sign in again.");
        }

        if (string.IsNullOrEmpty(currentPassword) || string.IsNullOrEmpty(newPassword))
        {
            return UserChangeResult.Failed("Enter your current password and the new one.");
        }

        if (currentPassword == newPassword)
        {
            return UserChangeResult.Failed("The new password must differ from the current one.");
        }

        var actor = new AuditActor(user.Id, user.Email ?? user.Id);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var changed = await users.ChangePasswordAsync(user, currentPassword, newPassword);
            if (!changed.Succeeded)
            {
                await transaction.RollbackAsync(cancellationToken);
                if (changed.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
                {
                    // Someone at an unlocked screen guessing the password is worth a line in the log.
                    await audit.RecordAsync(actor, AuditActions.UserPasswordChangeFailed, "User", user.Id,
                        "Password change refused: wrong current password", cancellationToken);
                    return UserChangeResult.Failed("The current password is wrong.");
                }

                return UserChangeResult.Failed([.. changed.Errors.Select(e => e.Description)]);
            }

            audit.Add(db, actor, AuditActions.UserPasswordChanged, "User", user.Id, "Changed their own password");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await signIn.RefreshSignInAsync(user);
        LogChanged(logger, user.Id);
        return UserChangeResult.Ok("Your password has been changed. Other sessions of yours end within a minute.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} changed their own password")]
    private static partial void LogChanged(ILogger logger, string userId);
}
