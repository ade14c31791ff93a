using System.Net;
using System.Text.RegularExpressions;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Broadcasts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Tests.Broadcasts;

/// <summary>
/// The pages as the server prerenders them: they render with real data, carry the names the browser
/// tests use, and are closed to the wrong roles. Interaction belongs to the browser tests.
/// </summary>
public sealed partial class BroadcastPagesTests(BroadcastFactory factory) : IClassFixture<BroadcastFactory>
{
    private readonly BroadcastWorld world = new(factory);

    private async Task<HttpClient> SignInAsync(string email, string password)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var form = await client.GetStringAsync("/account/login");
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = AntiforgeryToken().Match(form).Groups[1].Value,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private Task<HttpClient> SignInAsAdminAsync() => SignInAsync(CrisisConsoleFactory.AdminEmail, CrisisConsoleFactory.AdminPassword);

    private async Task<string> UserIdAsync(string email, string role, string password)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email };
            Assert.True((await users.CreateAsync(user, password)).Succeeded);
            await users.AddToRoleAsync(user, role);
        }

        return user.Id;
    }

    private async Task<Broadcast> PendingByAsync(AuditActor author)
    {
        var group = BroadcastWorld.NewGroup();
        await world.AddContactsAsync(3, group);
        await world.AddContactsAsync(2, group, language: "ar");
        return await world.SubmitAsync(BroadcastWorld.Input(await world.AddTemplateAsync(), [await world.AddSegmentAsync(group)]), author);
    }

    [Fact]
    public async Task The_composer_shows_the_labelled_fields_and_buttons()
    {
        var client = await SignInAsAdminAsync();
        await world.AddSegmentAsync(BroadcastWorld.NewGroup());

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/broadcasts/new"));

        Assert.Matches("<h1[^>]*>New broadcast</h1>", html);
        Assert.Matches("<label[^>]*for=\"broadcast-template\"[^>]*>Template</label>", html);
        Assert.Matches("<select id=\"broadcast-template\"", html);
        Assert.Matches("<legend[^>]*>Segments</legend>", html);
        Assert.Matches("<legend[^>]*>Channels</legend>", html);
        foreach (var button in new[] { "Preview", "Save draft", "Submit for approval" })
        {
            Assert.Contains($">{button}</span>", html);
        }
    }

    [Fact]
    public async Task The_navigation_offers_new_broadcast_and_approvals_with_the_pending_count()
    {
        await PendingByAsync(BroadcastWorld.Alice);
        var client = await SignInAsAdminAsync();

        var html = await client.GetStringAsync("/approvals");

        Assert.Contains(">New broadcast<", html);
        Assert.Contains(">Approvals<", html);
        Assert.Matches("data-testid=\"pending-approvals\"[^>]*>[1-9][0-9]*<", html);
    }

    [Fact]
    public async Task The_queue_lists_a_pending_broadcast_with_a_link_to_review_it()
    {
        var pending = await PendingByAsync(BroadcastWorld.Alice);
        var client = await SignInAsAdminAsync();

        var html = await client.GetStringAsync("/approvals");

        Assert.Contains($"href=\"approvals/{pending.Id}\"", html);
        Assert.Contains("alice@test.local", html);
    }

    [Fact]
    public async Task The_detail_shows_the_preview_and_the_decision_buttons_to_another_supervisor()
    {
        var pending = await PendingByAsync(BroadcastWorld.Alice);
        var client = await SignInAsAdminAsync();

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/approvals/{pending.Id}"));

        Assert.Matches("data-testid=\"preview-recipients\"[^>]*>5<", html);
        Assert.Contains("dir=\"rtl\"", html);
        Assert.Matches("<label[^>]*for=\"approval-comment\"[^>]*>Comment</label>", html);
        Assert.Contains(">Approve</span>", html);
        Assert.Contains(">Reject</span>", html);
    }

    [Fact]
    public async Task The_author_sees_no_approve_button_on_their_own_broadcast()
    {
        var adminId = await UserIdAsync(CrisisConsoleFactory.AdminEmail, Roles.Admin, CrisisConsoleFactory.AdminPassword);
        var pending = await PendingByAsync(new AuditActor(adminId, CrisisConsoleFactory.AdminEmail));
        var client = await SignInAsAdminAsync();

        var html = await client.GetStringAsync($"/approvals/{pending.Id}");

        Assert.Contains("data-testid=\"own-broadcast\"", html);
        Assert.DoesNotContain(">Approve</span>", html);
        Assert.DoesNotContain(">Reject</span>", html);
    }

    [Fact]
    public async Task An_operator_composes_but_cannot_open_the_approvals()
    {
        await UserIdAsync("operator@test.local", Roles.Operator, "operator-password-1");
        var client = await SignInAsync("operator@test.local", "operator-password-1");

        var composer = await client.GetAsync("/broadcasts/new");
        var queue = await client.GetAsync("/approvals");

        Assert.Equal(HttpStatusCode.OK, composer.StatusCode);
        var html = await composer.Content.ReadAsStringAsync();
        Assert.Contains(">New broadcast<", html);
        Assert.DoesNotContain(">Approvals<", html);
        Assert.Equal(HttpStatusCode.Redirect, queue.StatusCode);
        Assert.Contains("/account/denied", queue.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_author_reopens_a_draft_with_its_variables_filled_in()
    {
        var adminId = await UserIdAsync(CrisisConsoleFactory.AdminEmail, Roles.Admin, CrisisConsoleFactory.AdminPassword);
        var template = await world.AddTemplateAsync();
        var draft = (await world.Drafts.SaveDraftAsync(null, BroadcastWorld.Input(template, []), new AuditActor(adminId, CrisisConsoleFactory.AdminEmail))).Broadcast!;
        var client = await SignInAsAdminAsync();

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/broadcasts/{draft.Id}/edit"));

        Assert.Matches("<h1[^>]*>Edit broadcast</h1>", html);
        Assert.Matches($"<option value=\"{template.Id}\" selected[^>]*>{template.Name}</option>", html);
        Assert.Matches("<label[^>]*for=\"broadcast-var-org\"[^>]*>org</label>", html);
        Assert.Matches("<input[^>]*id=\"broadcast-var-org\"[^>]*value=\"Acme\"|<input[^>]*value=\"Acme\"[^>]*id=\"broadcast-var-org\"", html);
        Assert.Contains(">Discard draft</span>", html);
        var composer = await client.GetStringAsync("/broadcasts/new");
        Assert.Contains($"href=\"broadcasts/{draft.Id}/edit\"", composer);
    }

    [Fact]
    public async Task Someone_else_cannot_edit_a_draft()
    {
        var draft = (await world.Drafts.SaveDraftAsync(null, BroadcastWorld.Input(await world.AddTemplateAsync(), []), BroadcastWorld.Alice)).Broadcast!;
        var client = await SignInAsAdminAsync();

        var html = await client.GetStringAsync($"/broadcasts/{draft.Id}/edit");

        Assert.Contains("Only its author (alice@test.local) can edit this broadcast.", html);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
