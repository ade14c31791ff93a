using System.ComponentModel.DataAnnotations;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Accounts;

/// <summary>
/// What an Admin does to accounts: create, disable and enable, reset a password, change roles.
/// Every change runs in its own DI scope (so its own short-lived context, even when called from a
/// circuit that lives for hours) and in one transaction with its audit entry. SQLite transactions
/// start IMMEDIATE, so the count of enabled Admins and the change that depends on it cannot
/// interleave with another Admin's change: two Admins disabling each other at once leave one enabled.
/// </summary>
public sealed partial class UserAdministrationService(
    IServiceScopeFactory scopes,
    AuditLog audit,
    TimeProvider clock,
    ILogger<UserAdministrationService> logger)
{
    public const string LastAdminMessage =
        "This is the last enabled Admin. Give another enabled user the Admin role first, so someone can still manage the console.";

    public const string SelfDisableMessage = "You cannot disable your own account. Ask another Admin to do it.";

    /// <summary>Far enough to never pass; Identity then refuses the password as well as our IsDisabled check.</summary>
    public static readonly DateTimeOffset DisabledLockoutEnd = DateTimeOffset.MaxValue;

    private static readonly string AdminRoleNormalized = Roles.Admin.ToUpperInvariant();

    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var users = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).ThenBy(u => u.Email).ToListAsync(cancellationToken);
        var memberships = await (
            from userRole in db.UserRoles
            join role in db.Roles on userRole.RoleId equals role.Id
            select new { userRole.UserId, role.Name }).ToListAsync(cancellationToken);
        var rolesByUser = memberships.ToLookup(m => m.UserId, m => m.Name!);
        var now = clock.GetUtcNow();

        return users.Select(u => new UserSummary(
            u.Id,
            u.DisplayName,
            u.Email ?? u.UserName ?? "",
            RoleSelection.Order(rolesByUser[u.Id]),
            u.IsDisabled,
            !u.IsDisabled && u.LockoutEnd > now ? u.LockoutEnd : null,
            u.CreatedAt)).ToList();
    }

    public async Task<UserChangeResult> CreateAsync(NewUser input, AuditActor actor, CancellationToken cancellationToken = default)
    {
        var displayName = input.DisplayName?.Trim() ?? "";
        var email = input.Email?.Trim() ?? "";
        var errors = new List<string>();
        if (displayName.Length is 0 or > 100)
        {
            errors.Add("Enter a display name of 1 to 100 characters.");
        }

        if (email.Length is 0 or > 256 || !new EmailAddressAttribute().IsValid(email))
        {
            errors.Add("Enter a valid e-mail address.");
        }

        if (string.IsNullOrEmpty(input.Password))
        {
            errors.Add("Enter an initial password.");
        }

        var (roles, roleError) = RoleSelection.Check(input.Roles);
        if (roleError is not null)
        {
            errors.Add(roleError);
        }

        if (errors.Count > 0)
        {
            return UserChangeResult.Failed(errors);
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = displayName,
            CreatedAt = clock.GetUtcNow(),
            LockoutEnabled = true,
        };
        var created = await users.CreateAsync(user, input.Password);
        if (!created.Succeeded)
        {
            return FromIdentity(created);
        }

        var added = await users.AddToRolesAsync(user, roles);
        if (!added.Succeeded)
        {
            return FromIdentity(added);
        }

        audit.Add(db, actor, AuditActions.UserCreated, "User", user.Id,
            $"Created {Describe(user)} with roles {RoleSelection.Join(roles)}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogChanged(logger, user.Id, "created", actor.Id);
        return UserChangeResult.Ok($"{displayName} can now sign in as {email}.");
    }

    public Task<UserChangeResult> DisableAsync(string userId, AuditActor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(userId, actor, "disabled", cancellationToken, async change =>
        {
            if (change.User.Id == actor.Id)
            {
                return UserChangeResult.Failed(SelfDisableMessage);
            }

            if (change.User.IsDisabled)
            {
                return UserChangeResult.Ok($"{change.User.DisplayName} was already disabled.");
            }

            if (await change.IsEnabledAdminAsync() && await change.CountOtherEnabledAdminsAsync() == 0)
            {
                return UserChangeResult.Failed(LastAdminMessage);
            }

            change.User.IsDisabled = true;
            change.User.LockoutEnabled = true;
            change.User.LockoutEnd = DisabledLockoutEnd;
            // A new security stamp ends their cookie and open circuits at the next check (one minute).
            var updated = await change.Users.UpdateSecurityStampAsync(change.User);
            if (!updated.Succeeded)
            {
                return FromIdentity(updated);
            }

            audit.Add(change.Db, actor, AuditActions.UserDisabled, "User", change.User.Id, $"Disabled {Describe(change.User)}");
            return UserChangeResult.Ok($"{change.User.DisplayName} is disabled and will be signed out within a minute.");
        });

    public Task<UserChangeResult> EnableAsync(string userId, AuditActor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(userId, actor, "enabled", cancellationToken, async change =>
        {
            if (!change.User.IsDisabled)
            {
                return UserChangeResult.Ok($"{change.User.DisplayName} was already enabled.");
            }

            change.User.IsDisabled = false;
            change.User.LockoutEnd = null;
            change.User.AccessFailedCount = 0;
            var updated = await change.Users.UpdateAsync(change.User);
            if (!updated.Succeeded)
            {
                return FromIdentity(updated);
            }

            audit.Add(change.Db, actor, AuditActions.UserEnabled, "User", change.User.Id, $"Enabled {Describe(change.User)}");
            return UserChangeResult.Ok($"{change.User.DisplayName} can sign in again.");
        });

    /// <summary>
    /// Sets a password chosen by the Admin, checked by Identity's password rules. It also lifts a
    /// lockout from failed sign-ins (the usual reason to ask for a reset) but never a disablement.
    /// </summary>
    public Task<UserChangeResult> ResetPasswordAsync(string userId, string newPassword, AuditActor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(userId, actor, "password reset", cancellationToken, async change =>
        {
            if (string.IsNullOrEmpty(newPassword))
            {
                return UserChangeResult.Failed("Enter the new password.");
            }

            var user = change.User;
            var wasLockedOut = !user.IsDisabled && user.LockoutEnd > clock.GetUtcNow();
            if (wasLockedOut)
            {
                user.LockoutEnd = null;
                user.AccessFailedCount = 0;
            }

            var token = await change.Users.GeneratePasswordResetTokenAsync(user);
            var reset = await change.Users.ResetPasswordAsync(user, token, newPassword);
            if (!reset.Succeeded)
            {
                return FromIdentity(reset);
            }

            audit.Add(change.Db, actor, AuditActions.UserPasswordReset, "User", user.Id,
                $"Password of {Describe(user)} reset by an Admin" + (wasLockedOut ? "; lockout lifted" : ""));
            return UserChangeResult.Ok($"The password of {user.DisplayName} has been reset. Their other sessions end within a minute.");
        });

    public Task<UserChangeResult> ChangeRolesAsync(string userId, IReadOnlyCollection<string> roles, AuditActor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(userId, actor, "roles changed", cancellationToken, async change =>
        {
            var (wanted, roleError) = RoleSelection.Check(roles);
            if (roleError is not null)
            {
                return UserChangeResult.Failed(roleError);
            }

            var current = RoleSelection.Order(await change.Users.GetRolesAsync(change.User));
            var toAdd = wanted.Except(current).ToList();
            var toRemove = current.Except(wanted).ToList();
            if (toAdd.Count == 0 && toRemove.Count == 0)
            {
                return UserChangeResult.Ok($"The roles of {change.User.DisplayName} are unchanged.");
            }

            if (toRemove.Contains(Roles.Admin) && !change.User.IsDisabled && await change.CountOtherEnabledAdminsAsync() == 0)
            {
                return UserChangeResult.Failed(LastAdminMessage);
            }

            var result = toAdd.Count > 0 ? await change.Users.AddToRolesAsync(change.User, toAdd) : IdentityResult.Success;
            if (result.Succeeded && toRemove.Count > 0)
            {
                result = await change.Users.RemoveFromRolesAsync(change.User, toRemove);
            }

            // Open circuits keep the roles they started with; a new stamp makes them sign in again.
            if (result.Succeeded)
            {
                result = await change.Users.UpdateSecurityStampAsync(change.User);
            }

            if (!result.Succeeded)
            {
                return FromIdentity(result);
            }

            audit.Add(change.Db, actor, AuditActions.UserRolesChanged, "User", change.User.Id,
                $"Roles of {Describe(change.User)}: {RoleSelection.Join(current)} → {RoleSelection.Join(wanted)}" +
                (toAdd.Count > 0 ? $"; added {RoleSelection.Join(toAdd)}" : "") +
                (toRemove.Count > 0 ? $"; removed {RoleSelection.Join(toRemove)}" : ""));
            return UserChangeResult.Ok($"{change.User.DisplayName} now has the roles {RoleSelection.Join(wanted)}. They sign in again within a minute.");
        });

    private async Task<UserChangeResult> ChangeAsync(
        string userId,
        AuditActor actor,
        string what,
        CancellationToken cancellationToken,
        Func<UserChange, Task<UserChangeResult>> change)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return UserChangeResult.Failed("That user no longer exists. Reload the page.");
        }

        var result = await change(new UserChange(users, db, user));
        if (!result.Succeeded)
        {
            // Disposing the transaction without committing rolls back anything Identity saved.
            return result;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogChanged(logger, user.Id, what, actor.Id);
        return result;
    }

    private static string Describe(AppUser user) => $"{user.DisplayName} <{user.Email}>";

    private static UserChangeResult FromIdentity(IdentityResult result)
    {
        var errors = result.Errors.ToList();
        // The e-mail is also the user name, so Identity reports a duplicate twice; keep the clearer one.
        if (errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateEmail)))
        {
            errors.RemoveAll(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName));
        }

        if (errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
        {
            return UserChangeResult.Failed("Someone else changed this user at the same time. Reload the page and try again.");
        }

        return UserChangeResult.Failed([.. errors.Select(e => e.Description)]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} {Change} by {ActorId}")]
    private static partial void LogChanged(ILogger logger, string userId, string change, string actorId);

    private sealed record UserChange(UserManager<AppUser> Users, AppDbContext Db, AppUser User)
    {
        public async Task<bool> IsEnabledAdminAsync() =>
            !User.IsDisabled && await Users.IsInRoleAsync(User, Roles.Admin);

        public Task<int> CountOtherEnabledAdminsAsync() =>
            (from userRole in Db.UserRoles
             join role in Db.Roles on userRole.RoleId equals role.Id
             join user in Db.Users on userRole.UserId equals user.Id
             where role.NormalizedName == AdminRoleNormalized && !user.IsDisabled && user.Id != User.Id
             select user.Id).Distinct().CountAsync();
    }
}
