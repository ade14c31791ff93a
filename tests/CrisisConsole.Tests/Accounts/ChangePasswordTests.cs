using System.Net;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Audit;

namespace CrisisConsole.Tests.Accounts;

/// <summary>A signed-in user changes their own password at /account/password.</summary>
public sealed class ChangePasswordTests(CrisisConsoleFactory factory) : IClassFixture<CrisisConsoleFactory>
{
    [Fact]
    public async Task Changing_the_own_password_is_audited_and_only_the_new_password_works_afterwards()
    {
        var user = await factory.CreateUserAsync(Roles.Responder);
        var client = await SignedInClientAsync(user);
        const string newPassword = "my-own-new-password-7";

        var response = await ChangeAsync(client, AccountsTestData.Password, newPassword, newPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Your password has been changed.", html);
        Assert.DoesNotContain(newPassword, html);
        // The page renewed this session's cookie, so it stays signed in.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/password")).StatusCode);
        var entry = Assert.Single(await factory.AuditOfAsync(user.Id), e => e.Action == AuditActions.UserPasswordChanged);
        Assert.Equal(user.Id, entry.ActorId);
        Assert.DoesNotContain(newPassword, entry.Details);

        var fresh = StaticForm.CreateBrowserLikeClient(factory);
        Assert.Equal(HttpStatusCode.OK, (await StaticForm.SignInAsync(fresh, user.Email, AccountsTestData.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await StaticForm.SignInAsync(fresh, user.Email, newPassword)).StatusCode);
    }

    [Fact]
    public async Task A_wrong_current_password_is_refused_and_audited()
    {
        var user = await factory.CreateUserAsync(Roles.Operator);
        var client = await SignedInClientAsync(user);

        var response = await ChangeAsync(client, "not-my-password-at-all", "another-new-password", "another-new-password");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("The current password is wrong.", html);
        var audit = await factory.AuditOfAsync(user.Id);
        Assert.Single(audit, e => e.Action == AuditActions.UserPasswordChangeFailed);
        Assert.DoesNotContain(audit, e => e.Action == AuditActions.UserPasswordChanged);
    }

    [Fact]
    public async Task A_new_password_that_breaks_the_rules_is_refused_with_identitys_message()
    {
        var user = await factory.CreateUserAsync(Roles.Operator);
        var client = await SignedInClientAsync(user);

        var response = await ChangeAsync(client, AccountsTestData.Password, "short", "short");

        Assert.Contains("at least 12 characters", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Two_different_new_passwords_are_refused_before_anything_changes()
    {
        var user = await factory.CreateUserAsync(Roles.Operator);
        var client = await SignedInClientAsync(user);

        var response = await ChangeAsync(client, AccountsTestData.Password, "first-new-password", "second-new-password");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("The two new passwords differ.", html);
        Assert.DoesNotContain("first-new-password", html);
        Assert.DoesNotContain(await factory.AuditOfAsync(user.Id), e => e.Action == AuditActions.UserPasswordChanged);
    }

    [Fact]
    public async Task The_page_requires_sign_in()
    {
        var response = await StaticForm.CreateBrowserLikeClient(factory).GetAsync("/account/password");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.ToString());
    }

    private async Task<HttpClient> SignedInClientAsync(TestUser user)
    {
        var client = StaticForm.CreateBrowserLikeClient(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await StaticForm.SignInAsync(client, user.Email, AccountsTestData.Password)).StatusCode);
        return client;
    }

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient client, string current, string next, string confirm) =>
        StaticForm.SubmitAsync(client, "/account/password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = current,
            ["Input.NewPassword"] = next,
            ["Input.ConfirmPassword"] = confirm,
        });
}
