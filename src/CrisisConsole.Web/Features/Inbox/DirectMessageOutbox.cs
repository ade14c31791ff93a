using System.Globalization;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Phone;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Dispatch;
using CrisisConsole.Web.Features.Live;
using CrisisConsole.Web.Features.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.Inbox;

/// <summary>
/// Queues one-to-one messages (replies, acknowledgements, STOP/START confirmations, auto-replies). It
/// checks consent and the WhatsApp 24-hour window, writes a Pending <see cref="Delivery"/> (no broadcast)
/// and its <see cref="DirectMessage"/> in one transaction, audits responders' replies, and wakes the
/// <see cref="DirectMessageSender"/> once that transaction commits. Bad input is answered with
/// <see cref="DirectMessageResult.Error"/>, never an exception.
/// </summary>
/// <remarks>
/// Consent: an opted-out person (contact or unknown sender) gets nothing, except the single confirmation
/// of their opt-out. The channel is the one asked for (the one the person wrote on); WhatsApp goes through
/// the provider the person wrote to when replying to a message, else Dispatch:WhatsAppProvider.
/// </remarks>
public sealed partial class DirectMessageOutbox(
    IDbContextFactory<AppDbContext> contexts,
    DeliveryWriteGate writeGate,
    AfterCommitEvents afterCommit,
    AuditLog audit,
    IOptionsMonitor<DispatchOptions> dispatch,
    TimeProvider time,
    ILogger<DirectMessageOutbox> logger)
{
    public async Task<DirectMessageResult> QueueAsync(DirectMessageRequest request, CancellationToken ct)
    {
        if (Precheck(request) is { } problem)
        {
            return DirectMessageResult.Refused(problem);
        }

        using (await writeGate.EnterAsync(ct))
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var result = await QueueAsync(db, request, ct);
            if (result.Queued)
            {
                await transaction.CommitAsync(ct);
            }

            return result;
        }
    }

    /// <summary>
    /// As above, inside the caller's open transaction on <paramref name="db"/> (the inbound webhook's, for
    /// automatic answers); the caller holds the <see cref="DeliveryWriteGate"/> and commits.
    /// </summary>
    internal async Task<DirectMessageResult> QueueAsync(AppDbContext db, DirectMessageRequest request, CancellationToken ct)
    {
        if (Precheck(request) is { } problem)
        {
            return DirectMessageResult.Refused(problem);
        }

        E164.TryNormalize(request.ToAddress, out var to, out _);
        var now = time.GetUtcNow();
        var recipient = await RecipientAsync(db, request, to!, ct);
        if (recipient.Error is { } missing)
        {
            return DirectMessageResult.Refused(missing);
        }

        if (await ConsentProblemAsync(db, request, recipient, to!, ct) is { } consent)
        {
            return DirectMessageResult.Refused(consent);
        }

        InboundMessage? inReplyTo = null;
        if (request.InReplyToInboundMessageId is { } inboundId)
        {
            inReplyTo = await db.Set<InboundMessage>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == inboundId, ct);
            if (inReplyTo is null)
            {
                return DirectMessageResult.Refused($"The message being answered (#{inboundId}) does not exist.");
            }
        }

        var provider = request.Channel == MessageChannel.Sms
            ? GatewayProvider.TwilioSms
            : inReplyTo is { Channel: MessageChannel.WhatsApp } ? inReplyTo.Provider : dispatch.CurrentValue.WhatsAppProvider;
        var language = recipient.Contact?.Language ?? inReplyTo?.Language ?? LanguageTag.Default;
        var lastWhatsApp = request.Channel == MessageChannel.WhatsApp ? await LastInboundWhatsAppAsync(db, recipient.Contact, to!, ct) : null;
        var insideWindow = request.Channel == MessageChannel.Sms || WhatsAppWindow.IsOpen(lastWhatsApp, now);

        var content = await ContentAsync(db, request, provider, language, insideWindow, lastWhatsApp, now, ct);
        if (content.Error is { } contentProblem)
        {
            return DirectMessageResult.Refused(contentProblem);
        }

        var message = DirectMessageContent.Message(to!, content.Text, content.Template);
        var problems = message.Validate(provider);
        if (problems.Count > 0)
        {
            return DirectMessageResult.Refused(string.Join(" ", problems));
        }

        var delivery = new Delivery
        {
            BroadcastId = null,
            ContactId = recipient.Contact?.Id,
            Channel = request.Channel,
            Provider = provider,
            ToAddress = to!,
            Status = DeliveryStatus.Pending,
            Language = language,
            NextAttemptAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Add(delivery);
        await db.SaveChangesAsync(ct);
        var direct = new DirectMessage
        {
            DeliveryId = delivery.Id,
            ContactId = recipient.Contact?.Id,
            ToAddress = to!,
            Kind = request.Kind,
            Text = Truncate(content.Text, DirectMessage.TextMaxLength),
            TemplateName = content.TemplateName,
            ContentJson = content.Template?.ToJson(),
            InReplyToInboundMessageId = request.InReplyToInboundMessageId,
            SentById = request.Actor.Id,
            SentByName = request.Actor.Name,
            CreatedAt = now,
        };
        db.Add(direct);
        if (request.Kind == DirectMessageKind.Reply)
        {
            audit.Add(db, request.Actor, AuditActions.InboxReplyQueued, recipient.Contact is null ? "UnknownSender" : "Contact",
                recipient.Contact?.Id.ToString(CultureInfo.InvariantCulture) ?? E164.Mask(to),
                $"Reply to {E164.Mask(to)} on {request.Channel}" + (content.TemplateName is { } name ? $" (template {name})" : " (free text)"));
        }

        await db.SaveChangesAsync(ct);
        afterCommit.Publish(db, new DirectMessageQueued(direct.Id));
        LogQueued(logger, direct.Id, request.Kind, request.Channel);
        return new DirectMessageResult(direct.Id, null);
    }

    /// <summary>The checks that need no database.</summary>
    private static string? Precheck(DirectMessageRequest request)
    {
        if (request is null)
        {
            return "No message was given.";
        }

        if (!E164.TryNormalize(request.ToAddress, out _, out var error))
        {
            return $"The recipient's number is not valid: {error}";
        }

        if (!Enum.IsDefined(request.Channel) || !Enum.IsDefined(request.Kind))
        {
            return "The channel or the kind of message is not one the console knows.";
        }

        if (request.TemplateId is null && string.IsNullOrWhiteSpace(request.Text))
        {
            return "Write a message or choose a template.";
        }

        if ((request.Text?.Length ?? 0) > DirectMessage.TextMaxLength)
        {
            return $"The message is {request.Text!.Length} characters long; at most {DirectMessage.TextMaxLength} are allowed.";
        }

        return null;
    }

    private static async Task<Recipient> RecipientAsync(AppDbContext db, DirectMessageRequest request, string to, CancellationToken ct)
    {
        if (request.ContactId is { } contactId)
        {
            var contact = await db.Set<Contact>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == contactId, ct);
            return contact is null || contact.DeletedAt is not null
                ? new Recipient(null, null, "The contact no longer exists; nothing was sent.")
                : new Recipient(contact, null, null);
        }

        var byPhone = await db.Set<Contact>().AsNoTracking().FirstOrDefaultAsync(c => c.Phone == to && c.DeletedAt == null, ct);
        if (byPhone is not null)
        {
            return new Recipient(byPhone, null, null);
        }

        var unknown = await db.Set<UnknownSender>().AsNoTracking().FirstOrDefaultAsync(u => u.Phone == to, ct);
        return new Recipient(null, unknown, null);
    }

    /// <summary>Why the person may not be messaged now, or null. The one confirmation of an opt-out is the exception.</summary>
    private static async Task<string?> ConsentProblemAsync(AppDbContext db, DirectMessageRequest request, Recipient recipient, string to, CancellationToken ct)
    {
        var optedOutAt = recipient.Contact is { } contact
            ? contact.Consent == ConsentStatus.OptedOut ? contact.ConsentAt ?? DateTimeOffset.MinValue : (DateTimeOffset?)null
            : recipient.Unknown?.OptedOutAt;
        if (optedOutAt is not { } since)
        {
            return null;
        }

        if (request.Kind != DirectMessageKind.OptOutConfirmation)
        {
            return $"{E164.Mask(to)} has opted out of messages; nothing is sent to them until they send START.";
        }

        var alreadyConfirmed = await db.Set<DirectMessage>()
            .AnyAsync(m => m.ToAddress == to && m.Kind == DirectMessageKind.OptOutConfirmation && m.CreatedAt >= since, ct);
        return alreadyConfirmed ? $"{E164.Mask(to)} has already been sent the confirmation of their opt-out." : null;
    }

    /// <summary>When the person last wrote on WhatsApp: the contact's record, or for an unknown sender their latest stored message.</summary>
    private static async Task<DateTimeOffset?> LastInboundWhatsAppAsync(AppDbContext db, Contact? contact, string to, CancellationToken ct)
    {
        if (contact is not null)
        {
            // Read again: the inbound webhook's transaction may have just moved it.
            return await db.Set<Contact>().Where(c => c.Id == contact.Id).Select(c => c.LastInboundWhatsAppAt).FirstOrDefaultAsync(ct);
        }

        return await db.Set<InboundMessage>()
            .Where(m => m.FromAddress == to && m.Channel == MessageChannel.WhatsApp)
            .OrderByDescending(m => m.ReceivedAt)
            .Select(m => (DateTimeOffset?)(m.SentAt ?? m.ReceivedAt))
            .FirstOrDefaultAsync(ct);
    }

    private static async Task<Content> ContentAsync(AppDbContext db, DirectMessageRequest request, GatewayProvider provider, string language,
        bool insideWindow, DateTimeOffset? lastWhatsApp, DateTimeOffset now, CancellationToken ct)
    {
        if (request.TemplateId is not { } templateId)
        {
            return insideWindow
                ? new Content(request.Text.Trim(), null, null, null)
                : Content.Problem(WindowClosedReason(lastWhatsApp, now));
        }

        var template = await db.Set<MessageTemplate>().AsNoTracking().Include(t => t.Variants).FirstOrDefaultAsync(t => t.Id == templateId, ct);
        if (template is null || template.IsRetired)
        {
            return Content.Problem("The chosen template does not exist or has been retired.");
        }

        var values = request.Variables ?? new Dictionary<string, string>();
        var rendered = TemplateRenderer.Render(template, language, values);
        if (rendered is null)
        {
            return Content.Problem($"The template '{template.Name}' has no language variant.");
        }

        if (!rendered.IsComplete)
        {
            return Content.Problem($"Fill in the template's variable(s): {string.Join(", ", rendered.MissingVariables)}.");
        }

        if (insideWindow)
        {
            return new Content(rendered.Text, template.Name, null, null);
        }

        // Outside the window WhatsApp takes only the approved template, by its provider reference.
        var variant = new[] { rendered.Variant, template.DefaultVariant }.FirstOrDefault(v => v is not null && HasProviderTemplate(v, provider));
        if (variant is null)
        {
            return Content.Problem(
                $"The template '{template.Name}' has no approved {(provider == GatewayProvider.TwilioWhatsApp ? "Twilio Content SID" : "Meta template")} " +
                "for this language, which WhatsApp needs outside the 24-hour window.");
        }

        var parameters = TemplateRenderer.PositionalParametersFor(template, values);
        if (!parameters.IsComplete)
        {
            return Content.Problem($"Fill in the template's variable(s): {string.Join(", ", parameters.MissingVariables)}.");
        }

        var reference = provider == GatewayProvider.TwilioWhatsApp
            ? new DirectMessageContent(TwilioContentSid: variant.TwilioContentSid,
                TwilioVariables: parameters.Values.Select((v, i) => (Key: (i + 1).ToString(CultureInfo.InvariantCulture), v)).ToDictionary(p => p.Key, p => p.v))
            : new DirectMessageContent(MetaTemplateName: variant.MetaTemplateName,
                MetaLanguage: string.IsNullOrWhiteSpace(variant.MetaTemplateLanguage) ? variant.Language.Replace('-', '_') : variant.MetaTemplateLanguage,
                MetaParameters: parameters.Values.ToList());
        var text = variant == rendered.Variant ? rendered.Text : TemplateRenderer.Render(variant.Text, values).Text;
        return new Content(text, template.Name, reference, null);
    }

    internal static string WindowClosedReason(DateTimeOffset? lastWhatsApp, DateTimeOffset now) => lastWhatsApp is { } last
        ? $"Free text cannot be sent on WhatsApp: the person last wrote {Ago(now - last)} ago, and the 24-hour window closed at " +
          $"{WhatsAppWindow.ClosesAt(last)!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC. Choose an approved template."
        : "Free text cannot be sent on WhatsApp: the person has not written to us on WhatsApp, so the 24-hour window is closed. Choose an approved template.";

    private static string Ago(TimeSpan span) => span.TotalHours >= 48
        ? $"{(int)span.TotalDays} days"
        : $"{(int)span.TotalHours} hours";

    private static bool HasProviderTemplate(TemplateVariant variant, GatewayProvider provider) => provider == GatewayProvider.TwilioWhatsApp
        ? !string.IsNullOrWhiteSpace(variant.TwilioContentSid)
        : !string.IsNullOrWhiteSpace(variant.MetaTemplateName);

    private static string Truncate(string text, int max) => text.Length > max ? text[..max] : text;

    private sealed record Recipient(Contact? Contact, UnknownSender? Unknown, string? Error);

    private sealed record Content(string Text, string? TemplateName, DirectMessageContent? Template, string? Error)
    {
        public static Content Problem(string error) => new("", null, null, error);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Direct message {DirectMessageId} ({Kind}) queued on {Channel}")]
    private static partial void LogQueued(ILogger logger, long directMessageId, DirectMessageKind kind, MessageChannel channel);
}
