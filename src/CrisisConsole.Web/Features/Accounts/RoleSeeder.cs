using CrisisConsole.Web.Hosting;
using Microsoft.AspNetCore.Identity;

namespace CrisisConsole.Web.Features.Accounts;

internal sealed class RoleSeeder(RoleManager<IdentityRole> roles) : IStartupInitializer
{
    public int Order => StartupOrder.Roles;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }
}
