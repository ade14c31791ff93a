using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Webhooks;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.CheckIns;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Inbox;
using CrisisConsole.Web.Features.Incidents;
using CrisisConsole.Web.Features.Templates;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Tests.IncidentReports;

/// <summary>
/// Incidents, broadcasts, deliveries and answers written straight to the database, as the incident service, the
/// messaging service and the check-in recorder would leave them (those are other features).
/// </summary>
internal sealed class ReportTestData(Func<AppDbContext> contexts)
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public async Task<Incident> AddIncidentAsync(string title = "Flood in the river valley", bool drill = false, DateTimeOffset? createdAt = null)
    {
        await using var db = contexts();
        var incident = new Incident
        {
            Title = title, Severity = IncidentSeverity.Major, IsDrill = drill, CreatedById = "user:op", CreatedByName = "Olivia Operator",
            CreatedAt = createdAt ?? T0.AddMinutes(-15), UpdatedAt = createdAt ?? T0.AddMinutes(-15), ManagerName = "Maya Manager", CommsLeadName = "Chris Comms",
        };
        db.Add(incident);
        await db.SaveChangesAsync();
        return incident;
    }

    public async Task<Broadcast> AddBroadcastAsync(int? incidentId, TemplateCategory category, DateTimeOffset startedAt, bool drill = false)
    {
        await using var db = contexts();
        var template = new MessageTemplate
        {
            Name = $"t-{Guid.NewGuid():N}"[..30], Category = category, CreatedAt = T0, UpdatedAt = T0, CreatedBy = "test", UpdatedBy = "test",
        };
        db.Add(template);
        await db.SaveChangesAsync();
        var broadcast = new Broadcast
        {
            IncidentId = incidentId, TemplateId = template.Id, TemplateName = category == TemplateCategory.CheckIn ? "safety-check" : "flood-alert",
            State = BroadcastState.Completed, IsDrill = drill, CreatedById = "user:op", CreatedByName = "Olivia Operator",
            CreatedAt = startedAt.AddMinutes(-3), UpdatedAt = startedAt, DecidedAt = startedAt.AddMinutes(-1), SendingStartedAt = startedAt,
        };
        db.Add(broadcast);
        await db.SaveChangesAsync();
        return broadcast;
    }

    public async Task<Contact> AddContactAsync(string name, string? zone, string? phone = null)
    {
        await using var db = contexts();
        var contact = new Contact
        {
            Name = name, Zone = zone, Phone = phone ?? "+4477009" + Random.Shared.Next(0, 1_000_000).ToString("D6"),
            Consent = ConsentStatus.OptedIn, CreatedAt = T0, UpdatedAt = T0,
        };
        db.Add(contact);
        await db.SaveChangesAsync();
        return contact;
    }

    /// <summary>A delivery; "sent" (any time given, or a status past pending) gives it a provider message id.</summary>
    public async Task<Delivery> AddDeliveryAsync(int broadcastId, Contact? contact, MessageChannel channel, DeliveryStatus status,
        DateTimeOffset? sentAt = null, DateTimeOffset? deliveredAt = null, DateTimeOffset? readAt = null, DateTimeOffset? failedAt = null,
        string? errorCode = null, string? errorReason = null, long? fallbackFor = null, DateTimeOffset? createdAt = null)
    {
        await using var db = contexts();
        var created = createdAt ?? T0;
        var delivery = new Delivery
        {
            BroadcastId = broadcastId,
            ContactId = contact?.Id,
            Channel = channel,
            Provider = channel == MessageChannel.WhatsApp ? GatewayProvider.MetaWhatsApp : GatewayProvider.TwilioSms,
            ToAddress = contact?.Phone ?? "+447700900000",
            ProviderMessageId = status == DeliveryStatus.Pending ? null : "pm-" + Guid.NewGuid().ToString("N"),
            Status = status,
            SentAt = sentAt,
            DeliveredAt = deliveredAt,
            ReadAt = readAt,
            FailedAt = failedAt,
            ErrorCode = errorCode,
            ErrorReason = errorReason,
            FallbackForDeliveryId = fallbackFor,
            CreatedAt = created,
            UpdatedAt = created,
        };
        db.Add(delivery);
        await db.SaveChangesAsync();
        return delivery;
    }

    /// <summary>An answer as the check-in recorder stores it: the inbound message, the history row, and the current answer when it is the latest.</summary>
    public async Task AddAnswerAsync(int broadcastId, Contact contact, CheckInAnswer answer, DateTimeOffset at)
    {
        await using var db = contexts();
        var message = new InboundMessage
        {
            Provider = GatewayProvider.MetaWhatsApp, Channel = MessageChannel.WhatsApp, ProviderMessageId = "in-" + Guid.NewGuid().ToString("N"),
            FromAddress = contact.Phone, Kind = InboundKind.Text, Text = answer == CheckInAnswer.Safe ? "SAFE" : "HELP", SentAt = at, ReceivedAt = at,
            ContactId = contact.Id,
        };
        db.Add(message);
        await db.SaveChangesAsync();
        var checkIn = await db.Set<CheckIn>().FirstOrDefaultAsync(c => c.BroadcastId == broadcastId && c.ContactId == contact.Id);
        CheckInAnswer? previous = checkIn?.Answer;
        var applies = checkIn is null || at >= checkIn.AnsweredAt;
        if (checkIn is null)
        {
            checkIn = new CheckIn { BroadcastId = broadcastId, ContactId = contact.Id, CreatedAt = at };
            db.Add(checkIn);
        }

        if (applies)
        {
            checkIn.Answer = answer;
            checkIn.AnsweredAt = at;
            checkIn.InboundMessageId = message.Id;
            checkIn.UpdatedAt = at;
        }

        checkIn.Changes.Add(new CheckInChange
        {
            From = previous, To = answer, AnsweredAt = at, Applied = applies, InboundMessageId = message.Id, RecordedAt = at,
        });
        await db.SaveChangesAsync();
    }

    public async Task AddTimelineAsync(int incidentId, IncidentTimelineKind kind, string text, DateTimeOffset at, int? broadcastId = null)
    {
        await using var db = contexts();
        db.Add(new IncidentTimelineEntry
        {
            IncidentId = incidentId, Kind = kind, Text = text, At = at, BroadcastId = broadcastId, ActorId = "user:op", ActorName = "Olivia Operator",
        });
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// The hand-computed incident of <see cref="IncidentReportBuilderTests"/>: an alert and a check-in, six people,
    /// two WhatsApp failures with SMS fallbacks, four answers (one changed its mind, one repeated itself), two silent.
    /// A drill check-in filed under the same incident must be left out of every figure.
    /// </summary>
    public async Task<KnownIncident> AddKnownIncidentAsync()
    {
        var incident = await AddIncidentAsync();
        var alert = await AddBroadcastAsync(incident.Id, TemplateCategory.Alert, T0.AddMinutes(-5));
        var checkIn = await AddBroadcastAsync(incident.Id, TemplateCategory.CheckIn, T0);
        var drill = await AddBroadcastAsync(incident.Id, TemplateCategory.CheckIn, T0, drill: true);

        var amal = await AddContactAsync("Amal Haddad", "North");
        var bruno = await AddContactAsync("Bruno Petit", "North");
        var chloe = await AddContactAsync("Chloé Martin", "South");
        var daniel = await AddContactAsync("Daniel Okafor", "South");
        var sara = await AddContactAsync("سارة الخطيب", "East");
        var fatou = await AddContactAsync("Fatou Diallo", "East");
        var outsider = await AddContactAsync("Drill Only", "West");

        static DateTimeOffset S(int seconds) => T0.AddSeconds(seconds);

        // The alert: one WhatsApp message, delivered in 8 s.
        await AddDeliveryAsync(alert.Id, amal, MessageChannel.WhatsApp, DeliveryStatus.Delivered, sentAt: S(-300), deliveredAt: S(-292));
        // The check-in.
        await AddDeliveryAsync(checkIn.Id, amal, MessageChannel.WhatsApp, DeliveryStatus.Read, sentAt: S(10), deliveredAt: S(12), readAt: S(20));
        await AddDeliveryAsync(checkIn.Id, bruno, MessageChannel.WhatsApp, DeliveryStatus.Delivered, sentAt: S(10), deliveredAt: S(14));
        var chloeWhatsApp = await AddDeliveryAsync(checkIn.Id, chloe, MessageChannel.WhatsApp, DeliveryStatus.Failed, sentAt: S(10), failedAt: S(11),
            errorCode: "131026", errorReason: "Message undeliverable");
        await AddDeliveryAsync(checkIn.Id, chloe, MessageChannel.Sms, DeliveryStatus.Delivered, sentAt: S(70), deliveredAt: S(76), fallbackFor: chloeWhatsApp.Id);
        await AddDeliveryAsync(checkIn.Id, daniel, MessageChannel.Sms, DeliveryStatus.Delivered, sentAt: S(10), deliveredAt: S(20));
        var saraWhatsApp = await AddDeliveryAsync(checkIn.Id, sara, MessageChannel.WhatsApp, DeliveryStatus.Failed, sentAt: S(10), failedAt: S(11),
            errorCode: "131026", errorReason: "Message undeliverable");
        await AddDeliveryAsync(checkIn.Id, sara, MessageChannel.Sms, DeliveryStatus.Failed, sentAt: S(70), failedAt: S(80),
            errorCode: "30003", errorReason: "Unreachable destination handset", fallbackFor: saraWhatsApp.Id);
        await AddDeliveryAsync(checkIn.Id, fatou, MessageChannel.WhatsApp, DeliveryStatus.Pending);

        await AddAnswerAsync(checkIn.Id, amal, CheckInAnswer.Safe, S(60));
        await AddAnswerAsync(checkIn.Id, bruno, CheckInAnswer.NeedsHelp, S(30));
        await AddAnswerAsync(checkIn.Id, bruno, CheckInAnswer.Safe, S(120));
        await AddAnswerAsync(checkIn.Id, chloe, CheckInAnswer.Safe, S(90));
        await AddAnswerAsync(checkIn.Id, chloe, CheckInAnswer.Safe, S(300));
        await AddAnswerAsync(checkIn.Id, daniel, CheckInAnswer.NeedsHelp, S(45));

        // The drill under the real incident: would change every figure if it were counted.
        await AddDeliveryAsync(drill.Id, outsider, MessageChannel.WhatsApp, DeliveryStatus.Read, sentAt: S(10), deliveredAt: S(500), readAt: S(501));
        await AddDeliveryAsync(drill.Id, fatou, MessageChannel.Sms, DeliveryStatus.Failed, sentAt: S(10), failedAt: S(11), errorCode: "99999");
        await AddAnswerAsync(drill.Id, fatou, CheckInAnswer.NeedsHelp, S(40));

        await AddTimelineAsync(incident.Id, IncidentTimelineKind.StateChanged, "Resolved", T0.AddMinutes(30));
        await AddTimelineAsync(incident.Id, IncidentTimelineKind.Opened, "Opened: flood in the river valley", T0.AddMinutes(-15));
        await AddTimelineAsync(incident.Id, IncidentTimelineKind.BroadcastStarted, "Check-in started", T0, checkIn.Id);

        return new KnownIncident(incident, alert, checkIn, sara, fatou);
    }
}

internal sealed record KnownIncident(Incident Incident, Broadcast Alert, Broadcast CheckIn, Contact Sara, Contact Fatou);
