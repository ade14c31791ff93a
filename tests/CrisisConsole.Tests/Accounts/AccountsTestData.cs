using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Tests.Accounts;

/// <summary>Builds the accounts a test needs through the real service, each with a unique e-mail.</summary>
internal static class AccountsTestData
{
    public const string Password = "a-long-enough-password";

    public static UserAdministrationService Administration(this CrisisConsoleFactory factory) =>
        factory.Services.GetRequiredService<UserAdministrationService>();

    public static async Task<TestUser> CreateUserAsync(this CrisisConsoleFactory factory, params string[] roles)
    {
        var email = $"user-{Guid.NewGuid():N}@test.local";
        var result = await factory.Administration().CreateAsync(
            new NewUser("Test " + email[5..13], email, Password, roles.Length == 0 ? [Roles.Operator] : roles), AuditActor.System);
        Assert.True(result.Succeeded, result.Message);
        return new TestUser((await factory.FindUserAsync(email))!.Id, email);
    }

    /// <summary>A new user with <paramref name="role"/>, signed in through the login form; the client keeps its cookie and shows redirects.</summary>
    public static async Task<HttpClient> SignedInClientAsync(this CrisisConsoleFactory factory, string role)
    {
        var user = await factory.CreateUserAsync(role);
        return await factory.SignedInClientAsync(user.Email, Password);
    }

    public static async Task<HttpClient> SignedInClientAsync(this CrisisConsoleFactory factory, string email, string password)
    {
        var client = StaticForm.CreateBrowserLikeClient(factory);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await StaticForm.SignInAsync(client, email, password)).StatusCode);
        return client;
    }

    public static async Task<AppUser?> FindUserAsync(this CrisisConsoleFactory factory, string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email);
    }

    public static async Task<TestUser> SeededAdminAsync(this CrisisConsoleFactory factory)
    {
        var admin = await factory.FindUserAsync(CrisisConsoleFactory.AdminEmail);
        Assert.NotNull(admin);
        return new TestUser(admin.Id, CrisisConsoleFactory.AdminEmail);
    }

    public static async Task<IReadOnlyList<string>> RolesOfAsync(this CrisisConsoleFactory factory, string userId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return [.. await users.GetRolesAsync((await users.FindByIdAsync(userId))!)];
    }

    public static async Task<List<AuditEntry>> AuditOfAsync(this CrisisConsoleFactory factory, string targetId)
    {
        await using var db = factory.CreateDbContext();
        return await db.Set<AuditEntry>().Where(e => e.TargetId == targetId).OrderBy(e => e.Id).ToListAsync();
    }
}

internal sealed record TestUser(string Id, string Email)
{
    public AuditActor Actor => new(Id, Email);
}
