using System.Net;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Accounts;

namespace CrisisConsole.Tests.Accounts;

/// <summary>The Admin pages render (prerendered over HTTP) for an Admin and for no other role.</summary>
public sealed class AdminPagesAccessTests(CrisisConsoleFactory factory) : IClassFixture<CrisisConsoleFactory>
{
    public static TheoryData<string, string> Pages => new()
    {
        { "/admin/users", "New user" },
        { "/admin/api-keys", "New API key" },
        { "/admin/auto-replies", "New auto-reply" },
        { "/admin/audit", "Apply filters" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task An_Admin_sees_the_page(string path, string expectedText)
    {
        var client = await SignedInAsync(CrisisConsoleFactory.AdminEmail, CrisisConsoleFactory.AdminPassword);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(expectedText, html);
        Assert.DoesNotContain("Not available to your role", html);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Other_roles_are_sent_to_the_not_available_page(string path, string expectedText)
    {
        var user = await factory.CreateUserAsync(Roles.Supervisor, Roles.Operator, Roles.Responder);
        var client = await SignedInAsync(user.Email, AccountsTestData.Password);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/denied", response.Headers.Location!.PathAndQuery);
        Assert.DoesNotContain(expectedText, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_users_page_lists_users_with_their_roles()
    {
        var user = await factory.CreateUserAsync(Roles.Responder);
        var client = await SignedInAsync(CrisisConsoleFactory.AdminEmail, CrisisConsoleFactory.AdminPassword);

        var html = await (await client.GetAsync("/admin/users")).Content.ReadAsStringAsync();

        Assert.Contains(user.Email, html);
        Assert.Contains($"Disable {user.Email}", html);
    }

    private async Task<HttpClient> SignedInAsync(string email, string password)
    {
        var client = StaticForm.CreateBrowserLikeClient(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await StaticForm.SignInAsync(client, email, password)).StatusCode);
        return client;
    }
}
