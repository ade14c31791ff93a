using System.Security.Cryptography;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.Accounts;

/// <summary>
/// Creates the first Admin when there is no user at all. A generated password is written to the
/// console once (not through the logger, so it never reaches a log sink) and never stored in clear.
/// </summary>
internal sealed partial class FirstAdminSeeder(
    UserManager<AppUser> users,
    IOptions<FirstAdminOptions> options,
    AuditLog audit,
    TimeProvider clock,
    ILogger<FirstAdminSeeder> logger) : IStartupInitializer
{
    public int Order => StartupOrder.FirstAdmin;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (await users.Users.AnyAsync(cancellationToken))
        {
            return;
        }

        var settings = options.Value;
        var generated = string.IsNullOrWhiteSpace(settings.Password);
        var password = generated ? GeneratePassword() : settings.Password!;
        var admin = new AppUser
        {
            UserName = settings.Email,
            Email = settings.Email,
            EmailConfirmed = true,
            DisplayName = "Administrator",
            CreatedAt = clock.GetUtcNow(),
        };
        var created = await users.CreateAsync(admin, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(
                "The first Admin could not be created (check FirstAdmin:Password): " +
                string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        await users.AddToRoleAsync(admin, Roles.Admin);
        await audit.RecordAsync(AuditActor.System, AuditActions.UserCreated, "User", admin.Id, $"First Admin {settings.Email} created", cancellationToken);
        LogCreated(logger, settings.Email);
        if (generated)
        {
            Console.WriteLine();
            Console.WriteLine("=================================================================");
            Console.WriteLine($" First start: Admin account {settings.Email}");
            Console.WriteLine($" Password (shown once, change it after signing in): {password}");
            Console.WriteLine("=================================================================");
            Console.WriteLine();
        }
    }

    private static string GeneratePassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, 20);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the first Admin account {Email}")]
    private static partial void LogCreated(ILogger logger, string email);
}
