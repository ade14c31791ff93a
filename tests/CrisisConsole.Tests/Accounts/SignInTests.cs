using System.Net;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Tests.Accounts;

/// <summary>The sign-in form over HTTP, as a browser posts it.</summary>
public sealed class SignInTests(CrisisConsoleFactory factory) : IClassFixture<CrisisConsoleFactory>
{
    [Fact]
    public async Task A_good_password_signs_in_and_is_audited()
    {
        var user = await factory.CreateUserAsync(Roles.Operator);
        var client = StaticForm.CreateBrowserLikeClient(factory);

        var response = await StaticForm.SignInAsync(client, user.Email, AccountsTestData.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("crisisconsole.auth=", StringComparison.Ordinal));
        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var entry = Assert.Single(await factory.AuditOfAsync(user.Id), e => e.Action == AuditActions.SignIn);
        Assert.Equal(user.Id, entry.ActorId);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_the_lockout_is_audited()
    {
        var user = await factory.CreateUserAsync(Roles.Operator);
        var client = StaticForm.CreateBrowserLikeClient(factory);

        var pages = new List<string>();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var response = await StaticForm.SignInAsync(client, user.Email, "not-the-password-" + attempt);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            pages.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.All(pages[..4], page => Assert.Contains("Wrong e-mail or password.", page));
        Assert.Contains("Too many failed attempts", pages[4]);
        var audit = await factory.AuditOfAsync(user.Id);
        Assert.Equal(4, audit.Count(e => e.Action == AuditActions.SignInFailed));
        Assert.Single(audit, e => e.Action == AuditActions.SignInLockedOut);

        // Locked means locked: even the right password is refused now.
        var withRightPassword = await StaticForm.SignInAsync(client, user.Email, AccountsTestData.Password);
        Assert.Equal(HttpStatusCode.OK, withRightPassword.StatusCode);
        Assert.Contains("Too many failed attempts", await withRightPassword.Content.ReadAsStringAsync());
        var row = Assert.Single(await factory.Administration().ListAsync(), u => u.Id == user.Id);
        Assert.Equal("Locked out", row.State);
        Assert.NotNull(row.LockedOutUntil);
    }

    [Fact]
    public async Task A_disabled_user_cannot_sign_in_until_enabled_again()
    {
        var user = await factory.CreateUserAsync(Roles.Responder);
        Assert.True((await factory.Administration().DisableAsync(user.Id, AuditActor.System)).Succeeded);
        var client = StaticForm.CreateBrowserLikeClient(factory);

        var refused = await StaticForm.SignInAsync(client, user.Email, AccountsTestData.Password);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("This account is disabled", await refused.Content.ReadAsStringAsync());
        Assert.DoesNotContain(await factory.AuditOfAsync(user.Id), e => e.Action == AuditActions.SignIn);

        Assert.True((await factory.Administration().EnableAsync(user.Id, AuditActor.System)).Succeeded);
        var accepted = await StaticForm.SignInAsync(client, user.Email, AccountsTestData.Password);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var actions = (await factory.AuditOfAsync(user.Id)).Select(e => e.Action).ToList();
        Assert.Equal([AuditActions.UserCreated, AuditActions.UserDisabled, AuditActions.SignInFailed, AuditActions.UserEnabled, AuditActions.SignIn], actions);
    }

    [Fact]
    public async Task Disabling_ends_a_session_that_is_already_open()
    {
        // The cookie is re-checked every minute in the app; here at every request, so the test need not wait.
        await using var baseFactory = new CrisisConsoleFactory();
        var app = baseFactory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero)));
        var admin = new TestUser((await FindAsync(app, CrisisConsoleFactory.AdminEmail)).Id, CrisisConsoleFactory.AdminEmail);
        var administration = app.Services.GetRequiredService<UserAdministrationService>();
        var email = $"open-{Guid.NewGuid():N}@test.local";
        Assert.True((await administration.CreateAsync(new NewUser("Open Session", email, AccountsTestData.Password, [Roles.Operator]), admin.Actor)).Succeeded);
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await StaticForm.SignInAsync(client, email, AccountsTestData.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        Assert.True((await administration.DisableAsync((await FindAsync(app, email)).Id, admin.Actor)).Succeeded);

        var afterDisable = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, afterDisable.StatusCode);
        Assert.Contains("/account/login", afterDisable.Headers.Location!.ToString());
    }

    private static async Task<AppUser> FindAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email))!;
    }
}
