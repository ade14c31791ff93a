using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Segments;
using CrisisConsole.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Contacts.Demo;

/// <summary>
/// On the first start with DemoData:Enabled, fills an empty contacts table with about 500 people in four
/// zones, speaking en, fr and ar, and the segment "demo-everyone". Their numbers are +99900 followed by
/// seven digits: country code 999 is unassigned, so even a live gateway can never reach a real person.
/// Generated from a fixed seed, so every demo looks the same.
/// </summary>
internal sealed partial class DemoContactSeeder(
    IConfiguration configuration,
    IDbContextFactory<AppDbContext> contexts,
    AuditLog audit,
    TimeProvider clock,
    ILogger<DemoContactSeeder> logger) : IStartupInitializer
{
    public const string PhonePrefix = "+99900";
    public const string EveryoneSegment = "demo-everyone";
    public const int Count = 500;

    public static readonly string[] Zones = ["North", "South", "East", "West"];

    // A fictional city centre; each zone sits a few kilometres from it.
    private static readonly (double Lat, double Lon)[] ZoneCentres = [(33.93, 35.50), (33.83, 35.51), (33.88, 35.58), (33.88, 35.42)];

    public int Order => StartupOrder.DemoData;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue("DemoData:Enabled", false))
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Set<Contact>().AnyAsync(cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var contacts = Generate(now);
        db.Set<Contact>().AddRange(contacts);
        if (!await db.Set<Segment>().AnyAsync(s => s.Name == EveryoneSegment && s.DeletedAt == null, cancellationToken))
        {
            db.Set<Segment>().Add(new Segment
            {
                Name = EveryoneSegment,
                Description = "Every demo contact. Like every segment, it sends only to those who opted in.",
                CreatedAt = now,
                UpdatedAt = now,
                CreatedBy = AuditActor.System.Name,
            });
        }

        audit.Add(db, AuditActor.System, AuditActions.ContactsImported, "Contact", null, $"Demo data: {contacts.Count} contacts and segment {EveryoneSegment}");
        await db.SaveChangesAsync(cancellationToken);
        LogSeeded(logger, contacts.Count);
    }

    public static List<Contact> Generate(DateTimeOffset now)
    {
        var random = new Random(2026);
        var phones = new HashSet<string>();
        var contacts = new List<Contact>(Count);
        for (var i = 0; i < Count; i++)
        {
            var zoneIndex = random.Next(Zones.Length);
            var zone = Zones[zoneIndex];
            var languageRoll = random.NextDouble();
            var (language, first, last) = languageRoll switch
            {
                < 0.4 => ("en", DemoNames.EnglishFirst, DemoNames.EnglishLast),
                < 0.7 => ("fr", DemoNames.FrenchFirst, DemoNames.FrenchLast),
                _ => ("ar", DemoNames.ArabicFirst, DemoNames.ArabicLast),
            };

            string phone;
            do
            {
                phone = PhonePrefix + random.Next(0, 10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
            }
            while (!phones.Add(phone));

            var consentRoll = random.NextDouble();
            var consent = consentRoll switch
            {
                < 0.90 => ConsentStatus.OptedIn,
                < 0.96 => ConsentStatus.Unknown,
                _ => ConsentStatus.OptedOut,
            };
            var whatsAppRoll = random.NextDouble();
            var (lat, lon) = ZoneCentres[zoneIndex];
            var contact = new Contact
            {
                Name = first[random.Next(first.Length)] + " " + last[random.Next(last.Length)],
                Phone = phone,
                Language = language,
                Zone = zone,
                WhatsAppCapable = whatsAppRoll < 0.8 ? true : whatsAppRoll < 0.9 ? false : null,
                Latitude = Math.Round(lat + (random.NextDouble() - 0.5) * 0.04, 5),
                Longitude = Math.Round(lon + (random.NextDouble() - 0.5) * 0.04, 5),
                ExternalId = $"DEMO-{i + 1:D4}",
                CreatedAt = now,
                UpdatedAt = now,
            };

            var staff = random.NextDouble() < 0.12;
            var groups = new List<string> { staff ? "Staff" : "Residents " + zone };
            if (random.NextDouble() < (staff ? 0.5 : 0.03))
            {
                groups.Add("Field responders");
            }

            var tags = new List<string>();
            if (random.NextDouble() < 0.10) tags.Add("first-aid");
            if (random.NextDouble() < 0.08) tags.Add("vehicle");
            if (random.NextDouble() < 0.05) tags.Add("mobility-impaired");
            contact.SetLabels(LabelKind.Group, groups);
            contact.SetLabels(LabelKind.Tag, tags);
            contact.ChangeConsent(consent, "demo data", now, AuditActor.System.Name);
            contacts.Add(contact);
        }

        return contacts;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data: {Count} contacts added")]
    private static partial void LogSeeded(ILogger logger, int count);
}
