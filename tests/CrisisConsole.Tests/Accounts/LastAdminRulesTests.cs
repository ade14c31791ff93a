using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Audit;

namespace CrisisConsole.Tests.Accounts;

/// <summary>
/// The console must always keep one enabled Admin. Each test starts its own app, so "the last
/// Admin" is exactly the seeded one plus whatever the test adds.
/// </summary>
public sealed class LastAdminRulesTests
{
    [Fact]
    public async Task Removing_the_Admin_role_from_the_last_Admin_is_refused()
    {
        await using var factory = new CrisisConsoleFactory();
        var admin = await factory.SeededAdminAsync();

        var result = await factory.Administration().ChangeRolesAsync(admin.Id, [Roles.Supervisor], admin.Actor);

        Assert.False(result.Succeeded);
        Assert.Equal(UserAdministrationService.LastAdminMessage, result.Message);
        Assert.Equal([Roles.Admin], await factory.RolesOfAsync(admin.Id));
        Assert.DoesNotContain(await factory.AuditOfAsync(admin.Id), e => e.Action == AuditActions.UserRolesChanged);
    }

    [Fact]
    public async Task Disabling_the_last_enabled_Admin_is_refused()
    {
        await using var factory = new CrisisConsoleFactory();
        var admin = await factory.SeededAdminAsync();

        var result = await factory.Administration().DisableAsync(admin.Id, AuditActor.System);

        Assert.False(result.Succeeded);
        Assert.Equal(UserAdministrationService.LastAdminMessage, result.Message);
        Assert.False((await factory.FindUserAsync(admin.Email))!.IsDisabled);
    }

    [Fact]
    public async Task An_Admin_cannot_disable_themselves_even_when_other_Admins_remain()
    {
        await using var factory = new CrisisConsoleFactory();
        var admin = await factory.SeededAdminAsync();
        await factory.CreateUserAsync(Roles.Admin);

        var result = await factory.Administration().DisableAsync(admin.Id, admin.Actor);

        Assert.False(result.Succeeded);
        Assert.Equal(UserAdministrationService.SelfDisableMessage, result.Message);
        Assert.False((await factory.FindUserAsync(admin.Email))!.IsDisabled);
    }

    [Fact]
    public async Task A_disabled_Admin_does_not_count_as_the_Admin_that_remains()
    {
        await using var factory = new CrisisConsoleFactory();
        var admin = await factory.SeededAdminAsync();
        var second = await factory.CreateUserAsync(Roles.Admin);
        Assert.True((await factory.Administration().DisableAsync(second.Id, admin.Actor)).Succeeded);

        var removeRole = await factory.Administration().ChangeRolesAsync(admin.Id, [Roles.Operator], admin.Actor);
        var disable = await factory.Administration().DisableAsync(admin.Id, second.Actor);

        Assert.False(removeRole.Succeeded);
        Assert.False(disable.Succeeded);
        Assert.Equal(UserAdministrationService.LastAdminMessage, disable.Message);
    }

    [Fact]
    public async Task With_a_second_enabled_Admin_one_can_lose_the_role_and_then_the_other_cannot()
    {
        await using var factory = new CrisisConsoleFactory();
        var admin = await factory.SeededAdminAsync();
        var second = await factory.CreateUserAsync(Roles.Admin);

        var first = await factory.Administration().ChangeRolesAsync(admin.Id, [Roles.Supervisor], second.Actor);
        var last = await factory.Administration().ChangeRolesAsync(second.Id, [Roles.Operator], second.Actor);

        Assert.True(first.Succeeded, first.Message);
        Assert.False(last.Succeeded);
        Assert.Equal([Roles.Admin], await factory.RolesOfAsync(second.Id));
    }

    [Fact]
    public async Task Two_Admins_disabling_each_other_at_once_leave_one_enabled()
    {
        await using var factory = new CrisisConsoleFactory();
        var admin = await factory.SeededAdminAsync();
        var second = await factory.CreateUserAsync(Roles.Admin);
        var service = factory.Administration();

        var results = await Task.WhenAll(
            Task.Run(() => service.DisableAsync(second.Id, admin.Actor)),
            Task.Run(() => service.DisableAsync(admin.Id, second.Actor)));

        Assert.Single(results, r => r.Succeeded);
        var stillEnabled = new[] { (await factory.FindUserAsync(admin.Email))!, (await factory.FindUserAsync(second.Email))! }
            .Count(u => !u.IsDisabled);
        Assert.Equal(1, stillEnabled);
    }
}
