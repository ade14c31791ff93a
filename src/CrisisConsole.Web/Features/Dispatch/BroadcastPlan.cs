using System.Collections.Concurrent;
using System.Text.Json;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Sms;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Templates;
using TemplateQuickReply = CrisisConsole.Web.Features.Templates.QuickReply;

namespace CrisisConsole.Web.Features.Dispatch;

/// <summary>
/// What the messaging service needs of one broadcast to send its deliveries: the template, the values
/// and the rules, plus the content already built for each (language, provider, inside or outside the
/// WhatsApp window), so 100,000 sends render a handful of times, not 100,000.
/// </summary>
public sealed class BroadcastPlan
{
    private readonly ConcurrentDictionary<(string Language, GatewayProvider Provider, bool InWindow), PlannedContent> contents = new();
    private readonly IReadOnlyDictionary<string, string> values;

    public BroadcastPlan(Broadcast broadcast, MessageTemplate template, TimeSpan defaultFallbackAfter)
    {
        BroadcastId = broadcast.Id;
        Template = template;
        IsDrill = broadcast.IsDrill;
        ChannelPolicy = broadcast.ChannelPolicy;
        FallbackAfter = broadcast.SmsFallbackAfterMinutes is > 0 and var minutes ? TimeSpan.FromMinutes(minutes) : defaultFallbackAfter;
        values = ParseValues(broadcast.VariablesJson);
    }

    public int BroadcastId { get; }

    public MessageTemplate Template { get; }

    public bool IsDrill { get; }

    public ChannelPolicy ChannelPolicy { get; }

    /// <summary>How long a WhatsApp message may stay undelivered before it is re-sent by SMS (WhatsAppThenSms only).</summary>
    public TimeSpan FallbackAfter { get; }

    /// <summary>When to re-send an accepted WhatsApp message by SMS if it is not delivered by then; null when the policy has no fallback.</summary>
    public DateTimeOffset? FallbackTimer(MessageChannel channel, DateTimeOffset now) =>
        channel == MessageChannel.WhatsApp && ChannelPolicy == ChannelPolicy.WhatsAppThenSms ? now + FallbackAfter : null;

    /// <summary>The content for one kind of recipient; built once, then shared (the message lacks only To and CorrelationId).</summary>
    public PlannedContent ContentFor(string? language, GatewayProvider provider, bool insideWindow) =>
        contents.GetOrAdd(((language ?? "").ToLowerInvariant(), provider, provider != GatewayProvider.TwilioSms && insideWindow),
            key => Build(key.Language, key.Provider, key.InWindow));

    private PlannedContent Build(string language, GatewayProvider provider, bool insideWindow)
    {
        if (provider == GatewayProvider.TwilioSms || insideWindow)
        {
            var rendered = TemplateRenderer.Render(Template, language, values, IsDrill);
            if (rendered is null)
            {
                return PlannedContent.Problem($"The template '{Template.Name}' has no language variant.");
            }

            if (!rendered.IsComplete)
            {
                return MissingValues(rendered.MissingVariables);
            }

            if (provider == GatewayProvider.TwilioSms)
            {
                // SMS has no buttons; the variant's text says what to reply (e.g. 1 or 2).
                return new PlannedContent(new OutboundMessage { To = "", Text = rendered.Text }, SmsSegmentCounter.Count(rendered.Text).Segments, null);
            }

            return new PlannedContent(new OutboundMessage { To = "", Text = rendered.Text, QuickReplies = Buttons(rendered.Variant) }, 1, null);
        }

        return BuildWhatsAppTemplate(language, provider);
    }

    /// <summary>Outside the 24-hour window WhatsApp takes only an approved template (Twilio Content or Meta template).</summary>
    private PlannedContent BuildWhatsAppTemplate(string language, GatewayProvider provider)
    {
        // The recipient's own variant when it has an approved template for this provider, else the default's:
        // a message in the default language is better than none.
        var candidates = new[] { TemplateRenderer.SelectVariant(Template, language), Template.DefaultVariant };
        var variant = candidates.FirstOrDefault(v => v is not null && HasProviderTemplate(v, provider));
        if (variant is null)
        {
            return PlannedContent.Problem(
                $"The template '{Template.Name}' has no approved {(provider == GatewayProvider.TwilioWhatsApp ? "Twilio Content SID" : "Meta template")} " +
                $"for '{language}' or its default language, which WhatsApp needs outside the 24-hour window.");
        }

        var parameters = TemplateRenderer.PositionalParametersFor(Template, values);
        if (!parameters.IsComplete)
        {
            return MissingValues(parameters.MissingVariables);
        }

        var bodyValues = parameters.Values.ToList();
        if (IsDrill && bodyValues.Count > 0)
        {
            // The provider fixes an approved template's text, so the drill label cannot go in front of it as
            // in free text. It goes into the first body parameter instead, in the variant's language; a
            // template without parameters cannot carry it (drill templates say so in their approved text).
            bodyValues[0] = TemplateRenderer.WithDrillPrefix(bodyValues[0], variant.Language);
        }

        if (provider == GatewayProvider.TwilioWhatsApp)
        {
            var variables = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < bodyValues.Count; i++)
            {
                variables[(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)] = bodyValues[i];
            }

            // Twilio's Content template carries its own buttons.
            return new PlannedContent(new OutboundMessage { To = "", TwilioContent = new TwilioContentTemplate(variant.TwilioContentSid!, variables) }, 1, null);
        }

        var metaLanguage = string.IsNullOrWhiteSpace(variant.MetaTemplateLanguage) ? variant.Language.Replace('-', '_') : variant.MetaTemplateLanguage;
        // Meta addresses the template's quick-reply buttons by index; the payloads come back when pressed.
        return new PlannedContent(new OutboundMessage
        {
            To = "",
            MetaTemplate = new MetaMessageTemplate(variant.MetaTemplateName!, metaLanguage, bodyValues),
            QuickReplies = Buttons(variant),
        }, 1, null);
    }

    private static bool HasProviderTemplate(TemplateVariant variant, GatewayProvider provider) => provider == GatewayProvider.TwilioWhatsApp
        ? !string.IsNullOrWhiteSpace(variant.TwilioContentSid)
        : !string.IsNullOrWhiteSpace(variant.MetaTemplateName);

    private static IReadOnlyList<CrisisConsole.Gateways.Messaging.QuickReply> Buttons(TemplateVariant variant) =>
        variant.QuickReplies.Select((TemplateQuickReply r) => new CrisisConsole.Gateways.Messaging.QuickReply(r.Payload, r.Title)).ToList();

    private PlannedContent MissingValues(IReadOnlyList<string> missing) =>
        PlannedContent.Problem($"The broadcast has no value for the template variable(s) {string.Join(", ", missing)}.");

    /// <summary>Variable values from the broadcast's JSON object; numbers and booleans are taken as written.</summary>
    internal static IReadOnlyDictionary<string, string> ParseValues(string? json)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return result;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return result;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                var text = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                    _ => null,
                };
                if (text is not null)
                {
                    result[property.Name] = text;
                }
            }
        }
        catch (JsonException)
        {
            // A broken value list leaves the variables missing, which is reported per delivery.
        }

        return result;
    }
}

/// <summary>The message for one kind of recipient (To and CorrelationId left empty), its SMS segments, or why it cannot be sent.</summary>
public sealed record PlannedContent(OutboundMessage? Message, int Segments, string? ProblemReason)
{
    public static PlannedContent Problem(string reason) => new(null, 0, reason);
}
