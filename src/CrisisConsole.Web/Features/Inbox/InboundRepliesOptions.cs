using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.Inbox;

/// <summary>Section "InboundReplies": the automatic answers to people who write in.</summary>
public sealed class InboundRepliesOptions
{
    public const string Section = "InboundReplies";
    public const int MaxTextLength = 1000;

    /// <summary>Thank people who answer a check-in safe or needs help (once per change of their answer).</summary>
    public bool AcknowledgeAnswers { get; set; } = true;

    /// <summary>
    /// Acknowledge SMS answers too. Off by default: SMS has no free window (every acknowledgement is a billed
    /// message, 10,000 of them after a big check-in) and it would compete with the alerts for the SMS sender's rate.
    /// </summary>
    public bool AcknowledgeOnSms { get; set; }

    /// <summary>
    /// Send our own STOP/START confirmation on SMS. Off by default: on real Twilio numbers Twilio answers STOP
    /// and START itself (and refuses our message to an opted-out number with 21610), so a second reply would be
    /// a failed send. WhatsApp confirmations are always ours. Turn on for senders without Twilio's keyword handling.
    /// </summary>
    public bool ConfirmKeywordsOnSms { get; set; }

    /// <summary>Thanks for a safe answer, per language (BCP 47 tag; "en" is the fallback).</summary>
    public Dictionary<string, string> Safe { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "Thank you, we have recorded that you are safe.",
        ["fr"] = "Merci, nous avons noté que vous êtes en sécurité.",
        ["ar"] = "شكرًا لك، لقد سجّلنا أنك بخير.",
    };

    /// <summary>Acknowledgement of a needs-help answer, per language.</summary>
    public Dictionary<string, string> NeedsHelp { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "We have received your request for help. A responder will contact you as soon as possible.",
        ["fr"] = "Nous avons bien reçu votre demande d'aide. Un intervenant vous contactera dès que possible.",
        ["ar"] = "لقد تلقّينا طلبك للمساعدة. سيتواصل معك أحد المستجيبين في أقرب وقت ممكن.",
    };

    /// <summary>The text for <paramref name="language"/>: the exact tag, its primary language (fr-CA → fr), else English.</summary>
    public static string? Pick(IReadOnlyDictionary<string, string> texts, string? language)
    {
        var tag = (language ?? "en").Replace('_', '-');
        var primary = tag.Split('-')[0];
        foreach (var candidate in new[] { tag, primary, "en" })
        {
            var match = texts.FirstOrDefault(t => string.Equals(t.Key, candidate, StringComparison.OrdinalIgnoreCase));
            if (!string.IsNullOrWhiteSpace(match.Value))
            {
                return match.Value;
            }
        }

        return texts.Values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
    }
}

internal sealed class InboundRepliesOptionsValidator : IValidateOptions<InboundRepliesOptions>
{
    public ValidateOptionsResult Validate(string? name, InboundRepliesOptions options)
    {
        var errors = new List<string>();
        foreach (var (key, texts) in new[] { ("Safe", options.Safe), ("NeedsHelp", options.NeedsHelp) })
        {
            if (string.IsNullOrWhiteSpace(InboundRepliesOptions.Pick(texts, "en")))
            {
                errors.Add($"{InboundRepliesOptions.Section}:{key}:en must hold the English acknowledgement (the fallback for other languages).");
            }

            foreach (var (language, text) in texts.Where(t => (t.Value?.Length ?? 0) > InboundRepliesOptions.MaxTextLength))
            {
                errors.Add($"{InboundRepliesOptions.Section}:{key}:{language} is {text.Length} characters; at most {InboundRepliesOptions.MaxTextLength} are allowed.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
