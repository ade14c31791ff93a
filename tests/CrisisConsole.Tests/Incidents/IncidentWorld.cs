using CrisisConsole.Tests.Broadcasts;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Incidents;
using CrisisConsole.Web.Features.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Tests.Incidents;

/// <summary>Arranges incidents in the real app, on top of <see cref="BroadcastWorld"/> (contacts, segments, templates).</summary>
public sealed class IncidentWorld(CrisisConsoleFactory factory)
{
    public BroadcastWorld Broadcasts { get; } = new(factory);
    public IncidentService Incidents => factory.Services.GetRequiredService<IncidentService>();
    public IncidentQueries Queries => factory.Services.GetRequiredService<IncidentQueries>();
    public IncidentFollowUps FollowUps => factory.Services.GetRequiredService<IncidentFollowUps>();

    public static string NewZone() => "Z-" + Guid.NewGuid().ToString("N")[..8];

    public async Task<Incident> OpenAsync(IncidentInput? input = null, AuditActor? actor = null)
    {
        var result = await Incidents.OpenAsync(input ?? new IncidentInput { Title = "Flooding", Severity = IncidentSeverity.Major }, actor ?? BroadcastWorld.Alice);
        Assert.True(result.Succeeded, result.Message);
        return result.Incident!;
    }

    public async Task<List<IncidentTimelineEntry>> TimelineAsync(int incidentId)
    {
        await using var db = Broadcasts.Db();
        return await db.Set<IncidentTimelineEntry>().AsNoTracking().Where(e => e.IncidentId == incidentId).OrderBy(e => e.Id).ToListAsync();
    }

    public async Task<List<AuditEntry>> AuditAsync(int incidentId)
    {
        var id = incidentId.ToString();
        await using var db = Broadcasts.Db();
        return await db.Set<AuditEntry>().AsNoTracking().Where(a => a.TargetType == nameof(Incident) && a.TargetId == id).OrderBy(a => a.Id).ToListAsync();
    }

    public async Task<Incident> ReloadAsync(int incidentId) => (await Queries.GetAsync(incidentId))!;

    /// <summary>A contact living in <paramref name="zone"/>, so the zone is known.</summary>
    public async Task AddContactInZoneAsync(string zone)
    {
        var contacts = await Broadcasts.AddContactsAsync(1, BroadcastWorld.NewGroup());
        await using var db = Broadcasts.Db();
        var contact = await db.Set<Contact>().SingleAsync(c => c.Id == contacts[0].Id);
        contact.Zone = zone;
        await db.SaveChangesAsync();
    }

    public async Task<(string Id, string Email)> AddUserAsync(string name, bool disabled = false)
    {
        var email = $"{name.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..6]}@test.local";
        var users = factory.Services.GetRequiredService<UserAdministrationService>();
        Assert.True((await users.CreateAsync(new NewUser(name, email, "a-long-enough-password", [Roles.Operator]), AuditActor.System)).Succeeded);
        await using var db = Broadcasts.Db();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        if (disabled)
        {
            user.IsDisabled = true;
            await db.SaveChangesAsync();
        }

        return (user.Id, email);
    }

    /// <summary>The follow-up templates by their usual names, once per app.</summary>
    public async Task EnsureFollowUpTemplatesAsync()
    {
        await using var db = Broadcasts.Db();
        foreach (var (name, category, variables, text) in new[]
                 {
                     (IncidentFollowUps.UpdateTemplate, TemplateCategory.Update, new List<string> { "org", "event", "update" }, "{{org}}: update on {{event}}. {{update}}"),
                     (IncidentFollowUps.ResolutionTemplate, TemplateCategory.Resolution, new List<string> { "org", "event" }, "{{org}}: all clear for {{event}}."),
                 })
        {
            if (await db.Set<MessageTemplate>().AnyAsync(t => t.Name == name))
            {
                continue;
            }

            var now = DateTimeOffset.UtcNow;
            db.Add(new MessageTemplate
            {
                Name = name, Category = category, DefaultLanguage = "en", Variables = variables, CreatedAt = now, UpdatedAt = now, CreatedBy = "test", UpdatedBy = "test",
                Variants = [new TemplateVariant { Language = "en", Text = text }],
            });
        }

        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Another test of the same app added them first.
        }
    }

    public static BroadcastInput Under(BroadcastInput input, int incidentId)
    {
        input.IncidentId = incidentId;
        return input;
    }
}
