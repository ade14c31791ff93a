namespace CrisisConsole.Web.Features.Accounts;

/// <summary>One row of the users page.</summary>
public sealed record UserSummary(
    string Id,
    string DisplayName,
    string Email,
    IReadOnlyList<string> Roles,
    bool IsDisabled,
    DateTimeOffset? LockedOutUntil,
    DateTimeOffset CreatedAt)
{
    public string State => IsDisabled ? "Disabled" : LockedOutUntil is not null ? "Locked out" : "Active";
}

/// <summary>What an Admin enters to create an account.</summary>
public sealed record NewUser(string DisplayName, string Email, string Password, IReadOnlyCollection<string> Roles);

/// <summary>
/// The outcome of an administrative change: a sentence for the notification on success, or the
/// reasons it was refused (Identity's own messages for passwords and e-mail addresses).
/// </summary>
public sealed record UserChangeResult(bool Succeeded, string Message, IReadOnlyList<string> Errors)
{
    public static UserChangeResult Ok(string message) => new(true, message, []);

    public static UserChangeResult Failed(params IReadOnlyList<string> errors) => new(false, string.Join(" ", errors), errors);
}
