using System.Text.RegularExpressions;
using CrisisConsole.Gateways.Phone;

namespace CrisisConsole.Gateways.Messaging;

/// <summary>
/// One message to one person, in the form every <see cref="IMessageGateway"/> accepts. Each gateway
/// uses the parts its channel can carry: SMS sends <see cref="Text"/>; Twilio WhatsApp sends
/// <see cref="TwilioContent"/> when given, else <see cref="Text"/>; Meta sends <see cref="MetaTemplate"/>
/// when given, else <see cref="Text"/> (as interactive reply buttons when <see cref="QuickReplies"/> are set).
/// Check it with <see cref="Validate"/>; a gateway refuses an invalid message without calling the provider.
/// </summary>
public sealed record OutboundMessage
{
    public const int MaxQuickReplies = 3;
    public const int MaxQuickReplyTitleLength = 20;
    public const int MaxQuickReplyIdLength = 256;
    public const int MaxTwilioBodyLength = 1600;
    public const int MaxMetaTextLength = 4096;
    public const int MaxMetaInteractiveBodyLength = 1024;
    public const int MaxCorrelationIdLength = 512;

    /// <summary>The recipient in E.164 (+ and digits only), without any whatsapp: prefix.</summary>
    public required string To { get; init; }

    /// <summary>Free text. Required for SMS; for WhatsApp it is allowed only inside the 24-hour window.</summary>
    public string? Text { get; init; }

    /// <summary>The approved Twilio Content template (for WhatsApp outside the 24-hour window).</summary>
    public TwilioContentTemplate? TwilioContent { get; init; }

    /// <summary>The approved Meta template (for WhatsApp outside the 24-hour window).</summary>
    public MetaMessageTemplate? MetaTemplate { get; init; }

    /// <summary>
    /// Up to three reply buttons. Meta renders them as interactive reply buttons (free text) or as the
    /// quick-reply payloads of the template's buttons, in order (template). Twilio has no request
    /// parameter for buttons: they come only from the Content template itself, so the Twilio gateways
    /// do not send these, and SMS has no buttons at all (its text should say what to reply).
    /// </summary>
    public IReadOnlyList<QuickReply> QuickReplies { get; init; } = [];

    /// <summary>
    /// Our own id for this send (the delivery id). Twilio gets it back in the status callback URL
    /// (<c>?delivery=</c>), Meta in <c>biz_opaque_callback_data</c>.
    /// </summary>
    public string? CorrelationId { get; init; }

    /// <summary>Every problem that would stop <paramref name="provider"/> from sending this message; empty when none.</summary>
    public IReadOnlyList<string> Validate(GatewayProvider provider)
    {
        var problems = new List<string>();
        if (!E164.IsValid(To))
        {
            problems.Add("The recipient is not an E.164 number (+ and 8 to 15 digits).");
        }

        if (CorrelationId is { Length: > MaxCorrelationIdLength })
        {
            problems.Add($"The correlation id is longer than {MaxCorrelationIdLength} characters.");
        }

        ValidateQuickReplies(problems);
        switch (provider)
        {
            case GatewayProvider.TwilioSms:
                RequireText(problems, MaxTwilioBodyLength, "SMS");
                break;
            case GatewayProvider.TwilioWhatsApp:
                if (TwilioContent is null)
                {
                    RequireText(problems, MaxTwilioBodyLength, "WhatsApp free-form");
                }
                else
                {
                    TwilioContent.Validate(problems);
                }

                break;
            case GatewayProvider.MetaWhatsApp:
                if (MetaTemplate is null)
                {
                    var limit = QuickReplies.Count > 0 ? MaxMetaInteractiveBodyLength : MaxMetaTextLength;
                    RequireText(problems, limit, QuickReplies.Count > 0 ? "WhatsApp interactive" : "WhatsApp free-form");
                }
                else
                {
                    MetaTemplate.Validate(problems);
                }

                break;
        }

        return problems;
    }

    private void RequireText(List<string> problems, int maxLength, string kind)
    {
        if (string.IsNullOrWhiteSpace(Text))
        {
            problems.Add($"A {kind} message needs text.");
        }
        else if (Text.Length > maxLength)
        {
            problems.Add($"The text is {Text.Length} characters; a {kind} message allows at most {maxLength}.");
        }
    }

    private void ValidateQuickReplies(List<string> problems)
    {
        if (QuickReplies.Count > MaxQuickReplies)
        {
            problems.Add($"At most {MaxQuickReplies} quick-reply buttons are allowed, not {QuickReplies.Count}.");
        }

        var titles = new HashSet<string>(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reply in QuickReplies)
        {
            if (string.IsNullOrWhiteSpace(reply.Title))
            {
                problems.Add("A quick-reply button has no title.");
            }
            else if (reply.Title.Length > MaxQuickReplyTitleLength)
            {
                problems.Add($"The button title '{reply.Title}' is longer than {MaxQuickReplyTitleLength} characters.");
            }
            else if (!titles.Add(reply.Title))
            {
                problems.Add($"The button title '{reply.Title}' is used twice.");
            }

            if (string.IsNullOrWhiteSpace(reply.Id))
            {
                problems.Add("A quick-reply button has no id.");
            }
            else if (reply.Id.Length > MaxQuickReplyIdLength)
            {
                problems.Add($"A quick-reply id is longer than {MaxQuickReplyIdLength} characters.");
            }
            else if (!ids.Add(reply.Id))
            {
                problems.Add($"The button id '{reply.Id}' is used twice.");
            }
        }
    }
}

/// <summary>A reply button: <see cref="Id"/> comes back as the payload when pressed, <see cref="Title"/> is shown (≤ 20 characters).</summary>
public sealed record QuickReply(string Id, string Title);

/// <summary>A Twilio Content template: ContentSid ("HX" + 32 hex) and its variables ({"1": "..."}).</summary>
public sealed partial record TwilioContentTemplate(string ContentSid, IReadOnlyDictionary<string, string>? Variables = null)
{
    public const int MaxVariables = 100;

    internal void Validate(List<string> problems)
    {
        if (!ContentSidPattern().IsMatch(ContentSid ?? ""))
        {
            problems.Add("The Twilio ContentSid must be HX followed by 32 hexadecimal characters.");
        }

        if (Variables is { Count: > MaxVariables })
        {
            problems.Add($"Twilio allows at most {MaxVariables} content variables.");
        }
    }

    [GeneratedRegex("^HX[0-9a-fA-F]{32}$")]
    private static partial Regex ContentSidPattern();
}

/// <summary>A Meta message template: its name, language code (e.g. en_US) and positional body parameters ({{1}}, {{2}}...).</summary>
public sealed record MetaMessageTemplate(string Name, string LanguageCode, IReadOnlyList<string>? BodyParameters = null)
{
    internal void Validate(List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            problems.Add("The Meta template needs a name.");
        }

        if (string.IsNullOrWhiteSpace(LanguageCode))
        {
            problems.Add("The Meta template needs a language code.");
        }

        if (BodyParameters?.Any(string.IsNullOrEmpty) == true)
        {
            problems.Add("A Meta template body parameter is empty; Meta refuses empty parameters.");
        }
    }
}
