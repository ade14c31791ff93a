namespace CrisisConsole.Web.Features.Accounts;

public sealed class FirstAdminOptions
{
    public const string Section = "FirstAdmin";

    /// <summary>E-mail (user name) of the Admin created on first start.</summary>
    public string Email { get; set; } = "admin@crisisconsole.local";

    /// <summary>
    /// Password of that Admin. Give it through the environment (FirstAdmin__Password), never a committed
    /// file. When empty, one is generated and printed once to the console.
    /// </summary>
    public string? Password { get; set; }
}
