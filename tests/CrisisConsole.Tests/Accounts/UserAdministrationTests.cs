using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Audit;

namespace CrisisConsole.Tests.Accounts;

/// <summary>Creating users, roles, passwords: the rules that do not depend on how many Admins exist.</summary>
public sealed class UserAdministrationTests(CrisisConsoleFactory factory) : IClassFixture<CrisisConsoleFactory>
{
    [Fact]
    public async Task Create_stores_the_roles_and_audits_the_creation_without_the_password()
    {
        var admin = await factory.SeededAdminAsync();
        var email = $"new-{Guid.NewGuid():N}@test.local";

        var result = await factory.Administration().CreateAsync(
            new NewUser("Nadia Haddad", email, "a-secret-initial-pass", [Roles.Operator, Roles.Responder]), admin.Actor);

        Assert.True(result.Succeeded, result.Message);
        var user = await factory.FindUserAsync(email);
        Assert.NotNull(user);
        Assert.Equal("Nadia Haddad", user.DisplayName);
        Assert.Equal([Roles.Operator, Roles.Responder], (await factory.RolesOfAsync(user.Id)).Order());
        var entry = Assert.Single(await factory.AuditOfAsync(user.Id));
        Assert.Equal(AuditActions.UserCreated, entry.Action);
        Assert.Equal(admin.Id, entry.ActorId);
        Assert.Contains("Operator, Responder", entry.Details);
        Assert.DoesNotContain("a-secret-initial-pass", entry.Details);
    }

    [Fact]
    public async Task Create_with_a_short_password_is_refused_with_identitys_message_and_stores_nothing()
    {
        var email = $"short-{Guid.NewGuid():N}@test.local";

        var result = await factory.Administration().CreateAsync(new NewUser("Short", email, "tooshort", [Roles.Operator]), AuditActor.System);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Contains("at least 12 characters", StringComparison.Ordinal));
        Assert.Null(await factory.FindUserAsync(email));
    }

    [Fact]
    public async Task Create_with_an_e_mail_already_in_use_is_refused_once_not_twice()
    {
        var existing = await factory.CreateUserAsync(Roles.Operator);

        var result = await factory.Administration().CreateAsync(new NewUser("Twin", existing.Email, AccountsTestData.Password, [Roles.Operator]), AuditActor.System);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Contains(existing.Email, error);
    }

    [Theory]
    [InlineData("", "someone@test.local", "Enter a display name")]
    [InlineData("Someone", "not-an-e-mail", "valid e-mail")]
    [InlineData("Someone", "someone-else@test.local", "Pick at least one role")]
    public async Task Create_with_bad_input_is_answered_with_a_clear_message(string displayName, string email, string expected)
    {
        string[] roles = expected.StartsWith("Pick", StringComparison.Ordinal) ? [] : [Roles.Operator];

        var result = await factory.Administration().CreateAsync(new NewUser(displayName, email, AccountsTestData.Password, roles), AuditActor.System);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_role_is_refused_by_name()
    {
        var user = await factory.CreateUserAsync(Roles.Operator);

        var result = await factory.Administration().ChangeRolesAsync(user.Id, ["Operator", "Overlord"], AuditActor.System);

        Assert.False(result.Succeeded);
        Assert.Contains("Overlord", result.Message);
        Assert.Equal([Roles.Operator], await factory.RolesOfAsync(user.Id));
    }

    [Fact]
    public async Task Role_change_is_audited_with_the_old_and_new_roles_and_renews_the_security_stamp()
    {
        var admin = await factory.SeededAdminAsync();
        var user = await factory.CreateUserAsync(Roles.Operator);
        var stampBefore = (await factory.FindUserAsync(user.Email))!.SecurityStamp;

        var result = await factory.Administration().ChangeRolesAsync(user.Id, [Roles.Supervisor, Roles.Responder], admin.Actor);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal([Roles.Responder, Roles.Supervisor], (await factory.RolesOfAsync(user.Id)).Order());
        var entry = Assert.Single(await factory.AuditOfAsync(user.Id), e => e.Action == AuditActions.UserRolesChanged);
        Assert.Equal(admin.Id, entry.ActorId);
        Assert.Contains("Operator → Supervisor, Responder", entry.Details);
        Assert.Contains("removed Operator", entry.Details);
        Assert.NotEqual(stampBefore, (await factory.FindUserAsync(user.Email))!.SecurityStamp);
    }

    [Fact]
    public async Task Reset_password_with_a_weak_password_shows_identitys_errors_and_keeps_the_old_one()
    {
        var user = await factory.CreateUserAsync(Roles.Operator);
        var hashBefore = (await factory.FindUserAsync(user.Email))!.PasswordHash;

        var result = await factory.Administration().ResetPasswordAsync(user.Id, "short", AuditActor.System);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Contains("at least 12 characters", StringComparison.Ordinal));
        Assert.Equal(hashBefore, (await factory.FindUserAsync(user.Email))!.PasswordHash);
        Assert.DoesNotContain(await factory.AuditOfAsync(user.Id), e => e.Action == AuditActions.UserPasswordReset);
    }

    [Fact]
    public async Task Reset_password_lets_the_user_sign_in_with_the_new_one_and_is_audited_without_it()
    {
        var user = await factory.CreateUserAsync(Roles.Operator);
        const string newPassword = "a-brand-new-password-42";

        var result = await factory.Administration().ResetPasswordAsync(user.Id, newPassword, AuditActor.System);

        Assert.True(result.Succeeded, result.Message);
        var client = StaticForm.CreateBrowserLikeClient(factory);
        var signIn = await StaticForm.SignInAsync(client, user.Email, newPassword);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, signIn.StatusCode);
        var entry = Assert.Single(await factory.AuditOfAsync(user.Id), e => e.Action == AuditActions.UserPasswordReset);
        Assert.DoesNotContain(newPassword, entry.Details);
    }

    [Fact]
    public async Task Changing_a_user_that_does_not_exist_is_answered_with_a_message()
    {
        var result = await factory.Administration().DisableAsync("no-such-user", AuditActor.System);

        Assert.False(result.Succeeded);
        Assert.Contains("no longer exists", result.Message);
    }

    [Fact]
    public async Task The_list_shows_roles_and_state()
    {
        var user = await factory.CreateUserAsync(Roles.Supervisor);
        await factory.Administration().DisableAsync(user.Id, AuditActor.System);

        var row = Assert.Single(await factory.Administration().ListAsync(), u => u.Id == user.Id);

        Assert.Equal([Roles.Supervisor], row.Roles);
        Assert.True(row.IsDisabled);
        Assert.Equal("Disabled", row.State);
        Assert.Null(row.LockedOutUntil);
    }
}
