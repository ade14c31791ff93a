using CrisisConsole.Gateways.Phone;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Contacts.Demo;
using CrisisConsole.Web.Features.Segments;
using CrisisConsole.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Tests.Contacts;

public sealed class DemoContactSeederTests
{
    [Fact]
    public void Demo_contacts_use_only_simulator_numbers_in_four_zones_and_three_languages()
    {
        var contacts = DemoContactSeeder.Generate(ContactsTestBed.Now);

        Assert.Equal(500, contacts.Count);
        Assert.All(contacts, c => Assert.Matches(@"^\+99900\d{7}$", c.Phone));
        Assert.All(contacts, c => Assert.True(E164.IsValid(c.Phone)));
        Assert.Equal(contacts.Count, contacts.Select(c => c.Phone).Distinct().Count());
        Assert.Equal(["East", "North", "South", "West"], contacts.Select(c => c.Zone!).Distinct().Order());
        Assert.Equal(["ar", "en", "fr"], contacts.Select(c => c.Language).Distinct().Order());
        Assert.Contains(contacts, c => c.Language == "ar" && c.Name.Any(ch => ch is >= '\u0600' and <= '\u06FF'));
        Assert.Contains(contacts, c => c.Language == "fr" && c.Name.Any(ch => "éèêëàâçîïôûüÉÈ".Contains(ch)));
        var optedIn = contacts.Count(c => c.Consent == ConsentStatus.OptedIn) / (double)contacts.Count;
        Assert.InRange(optedIn, 0.85, 0.95);
        Assert.Contains(contacts, c => c.Groups.Contains("Staff"));
        Assert.Contains(contacts, c => c.Groups.Contains("Field responders"));
        Assert.Contains(contacts, c => c.Groups.Contains("Residents North"));
    }

    [Fact]
    public async Task The_first_start_with_demo_data_creates_the_contacts_and_demo_everyone_once()
    {
        using var factory = new CrisisConsoleFactory();
        factory.Settings["DemoData:Enabled"] = "true";
        _ = factory.Server;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            // The factory does not run start-up; run it twice to show the second start adds nothing.
            foreach (var initializer in scope.ServiceProvider.GetServices<IStartupInitializer>().OrderBy(i => i.Order))
            {
                await initializer.InitializeAsync(CancellationToken.None);
            }

            var seeder = scope.ServiceProvider.GetServices<IStartupInitializer>().OfType<DemoContactSeeder>().Single();
            await seeder.InitializeAsync(CancellationToken.None);
        }

        await using var db = factory.CreateDbContext();
        Assert.Equal(500, await db.Set<Contact>().CountAsync());
        var segment = await db.Set<Segment>().SingleAsync(s => s.Name == DemoContactSeeder.EveryoneSegment);
        var members = await SegmentResolver.ContactIds(db, segment.Rule).CountAsync();
        Assert.Equal(await db.Set<Contact>().CountAsync(c => c.Consent == ConsentStatus.OptedIn), members);
    }
}
