using System.Net;
using System.Text.RegularExpressions;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Templates;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Tests.Templates;

/// <summary>
/// The pages as the server prerenders them for a signed-in user: enough to show they render with
/// real data and are closed to other roles. Interaction belongs to the browser tests.
/// </summary>
public sealed partial class TemplatePagesTests : IClassFixture<DemoDataFactory>
{
    private readonly DemoDataFactory factory;

    public TemplatePagesTests(DemoDataFactory factory) => this.factory = factory;

    [Fact]
    public async Task The_template_list_shows_the_demo_templates_to_an_admin()
    {
        var client = await SignInAsync(CrisisConsoleFactory.AdminEmail, CrisisConsoleFactory.AdminPassword);

        var html = await client.GetStringAsync("/templates");

        Assert.Contains(">safety-check<", html);
        Assert.Contains(">incident-update<", html);
        Assert.Contains("check-in", html);
        Assert.Contains("New template", html);
    }

    [Fact]
    public async Task The_editor_shows_the_rendered_preview_and_the_sms_segments()
    {
        var client = await SignInAsync(CrisisConsoleFactory.AdminEmail, CrisisConsoleFactory.AdminPassword);
        var id = await SafetyCheckIdAsync();

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/templates/{id}"));

        Assert.Contains("Acme Relief: Flooding in your area. Are you safe?", html);
        Assert.Matches(@"1 segment\s*·\s*GSM-7", html);
        Assert.Contains("I am safe", html);
    }

    [Fact]
    public async Task The_editor_shows_the_arabic_variant_right_to_left()
    {
        var client = await SignInAsync(CrisisConsoleFactory.AdminEmail, CrisisConsoleFactory.AdminPassword);
        var id = await SafetyCheckIdAsync();

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/templates/{id}?language=ar"));

        var preview = PreviewPattern().Match(html);
        Assert.True(preview.Success, "No preview text in the page.");
        Assert.Equal("rtl", preview.Groups["dir"].Value);
        Assert.StartsWith("Acme Relief: Flooding في منطقتك", preview.Groups["text"].Value);
        Assert.Matches(@"2 segments\s*·\s*UCS-2", html);
    }

    [Fact]
    public async Task An_operator_cannot_open_the_template_pages()
    {
        const string email = "operator@test.local";
        const string password = "operator-password-1";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            if (await users.FindByEmailAsync(email) is null)
            {
                var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Operator" };
                Assert.True((await users.CreateAsync(user, password)).Succeeded);
                await users.AddToRoleAsync(user, Roles.Operator);
            }
        }

        var client = await SignInAsync(email, password);
        var id = await SafetyCheckIdAsync();

        foreach (var path in new[] { "/templates", "/templates/new", $"/templates/{id}" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/account/denied", response.Headers.Location!.ToString());
        }
    }

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_sign_in()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/templates");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.ToString());
    }

    private async Task<int> SafetyCheckIdAsync() =>
        (await factory.Services.GetRequiredService<TemplateService>().GetByNameAsync(DemoTemplates.SafetyCheck, includeRetired: true))!.Id;

    private async Task<HttpClient> SignInAsync(string email, string password)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await client.GetStringAsync("/account/login");
        var token = TokenPattern().Match(form).Groups[1].Value;
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<div class=\"cc-bubble\" dir=\"(?<dir>[a-z]+)\"[^>]*data-testid=\"preview-text\"[^>]*>(?<text>[^<]*)<")]
    private static partial Regex PreviewPattern();
}
