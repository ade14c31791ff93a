using System.Net;
using CrisisConsole.Tests.Accounts;
using CrisisConsole.Tests.Infrastructure;

namespace CrisisConsole.Tests.Contacts;

/// <summary>
/// The pages render (server pre-render) for a signed-in Admin and refuse anonymous visitors. Behaviour
/// in the browser (dialogs, live count) is for the Playwright suite.
/// </summary>
public sealed class ContactsPagesTests(CrisisConsoleFactory factory) : IClassFixture<CrisisConsoleFactory>
{
    [Theory]
    [InlineData("/contacts", "Contacts")]
    [InlineData("/contacts/import", "Import contacts")]
    [InlineData("/segments", "Segments")]
    [InlineData("/segments/new", "New segment")]
    public async Task A_signed_in_composer_sees_the_page(string path, string heading)
    {
        var client = await factory.SignedInClientAsync(CrisisConsoleFactory.AdminEmail, CrisisConsoleFactory.AdminPassword);
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Pages with a .razor.css carry a scope attribute on their elements: <h1 b-xyz>.
        Assert.Matches($"<h1[^>]*>{heading}</h1>", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/contacts")]
    [InlineData("/segments")]
    public async Task An_anonymous_visitor_is_sent_to_sign_in(string path)
    {
        var response = await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task The_console_export_downloads_csv_for_a_signed_in_composer()
    {
        var client = await factory.SignedInClientAsync(CrisisConsoleFactory.AdminEmail, CrisisConsoleFactory.AdminPassword);
        var response = await client.GetAsync("/contacts/export?consent=opted_in");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("attachment", response.Content.Headers.ContentDisposition?.ToString());
    }

}
