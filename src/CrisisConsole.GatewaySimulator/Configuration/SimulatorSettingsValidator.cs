using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace CrisisConsole.GatewaySimulator.Configuration;

/// <summary>Gathers every bad setting, each named by its configuration key, at start-up and on PATCH.</summary>
internal sealed partial class SimulatorSettingsValidator : IValidateOptions<SimulatorSettings>
{
    private const string S = SimulatorSettings.Section;

    public ValidateOptionsResult Validate(string? name, SimulatorSettings options)
    {
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static List<string> Errors(SimulatorSettings s)
    {
        var errors = new List<string>();

        void NotNegative(int value, string key)
        {
            if (value < 0)
            {
                errors.Add($"{S}:{key} must be 0 or more (it is {value}).");
            }
        }

        void Percent(int value, string key)
        {
            if (value is < 0 or > 100)
            {
                errors.Add($"{S}:{key} must be between 0 and 100 (it is {value}).");
            }
        }

        void Between(int value, int min, int max, string key)
        {
            if (value < min || value > max)
            {
                errors.Add($"{S}:{key} must be between {min} and {max} (it is {value}).");
            }
        }

        NotNegative(s.Twilio.QueuedToSendingMs, "Twilio:QueuedToSendingMs");
        NotNegative(s.Twilio.SendingToSentMs, "Twilio:SendingToSentMs");
        NotNegative(s.Twilio.SentToDeliveredMs, "Twilio:SentToDeliveredMs");
        NotNegative(s.Twilio.DeliveredToReadMs, "Twilio:DeliveredToReadMs");
        Percent(s.Twilio.JitterPercent, "Twilio:JitterPercent");
        foreach (var content in s.Twilio.Contents ?? [])
        {
            if (!ContentSid().IsMatch(content.Sid))
            {
                errors.Add($"{S}:Twilio:Contents has Sid '{content.Sid}', which is not HX followed by 32 hex characters.");
            }
        }

        NotNegative(s.Meta.AcceptedToSentMs, "Meta:AcceptedToSentMs");
        NotNegative(s.Meta.SentToDeliveredMs, "Meta:SentToDeliveredMs");
        NotNegative(s.Meta.DeliveredToReadMs, "Meta:DeliveredToReadMs");
        Percent(s.Meta.JitterPercent, "Meta:JitterPercent");
        foreach (var template in s.Meta.Templates ?? [])
        {
            if (string.IsNullOrWhiteSpace(template.Name) || template.Languages.Count == 0)
            {
                errors.Add($"{S}:Meta:Templates needs a Name and at least one language for every template ('{template.Name}').");
            }

            if (template.QuickReplies is { Count: > 3 })
            {
                errors.Add($"{S}:Meta:Templates '{template.Name}' has more than 3 quick replies.");
            }
        }

        var r = s.Recipients;
        Percent(r.NotOnWhatsAppPercent, "Recipients:NotOnWhatsAppPercent");
        Percent(r.SmsUnreachablePercent, "Recipients:SmsUnreachablePercent");
        Percent(r.ReadReceiptsPercent, "Recipients:ReadReceiptsPercent");
        NotNegative(r.CooldownSeconds, "Recipients:CooldownSeconds");
        NotNegative(r.MinReplyDelayMs, "Recipients:MinReplyDelayMs");
        if (r.MaxReplyDelayMs < r.MinReplyDelayMs)
        {
            errors.Add($"{S}:Recipients:MaxReplyDelayMs must not be below Recipients:MinReplyDelayMs.");
        }

        var a = r.Answers;
        foreach (var (value, key) in new[] { (a.SafeButton, "SafeButton"), (a.HelpButton, "HelpButton"), (a.FreeText, "FreeText"), (a.Location, "Location"), (a.Silence, "Silence"), (a.Stop, "Stop") })
        {
            NotNegative(value, "Recipients:Answers:" + key);
        }

        if (a.Total <= 0)
        {
            errors.Add($"{S}:Recipients:Answers needs at least one weight above 0 (use Silence to make recipients quiet).");
        }

        var l = r.Languages;
        NotNegative(l.En, "Recipients:Languages:En");
        NotNegative(l.Fr, "Recipients:Languages:Fr");
        NotNegative(l.Ar, "Recipients:Languages:Ar");
        if (l.Total <= 0)
        {
            errors.Add($"{S}:Recipients:Languages needs at least one weight above 0.");
        }

        var rl = s.RateLimits;
        if (rl.TwilioSmsSegmentsPerSecond <= 0 || rl.TwilioWhatsAppMessagesPerSecond <= 0 || rl.MetaMessagesPerSecond <= 0)
        {
            errors.Add($"{S}:RateLimits rates must be above 0; switch a limit off with TwilioEnabled or MetaEnabled instead.");
        }

        NotNegative(rl.TwilioMaxQueueSeconds, "RateLimits:TwilioMaxQueueSeconds");
        Between(rl.MetaRateLimitHttpStatus, 400, 599, "RateLimits:MetaRateLimitHttpStatus");

        Between(s.Callbacks.Senders, 1, 64, "Callbacks:Senders");
        Between(s.Callbacks.MaxAttempts, 1, 20, "Callbacks:MaxAttempts");
        NotNegative(s.Callbacks.RetryBaseDelayMs, "Callbacks:RetryBaseDelayMs");
        Between(s.Callbacks.TimeoutSeconds, 1, 300, "Callbacks:TimeoutSeconds");
        Between(s.MaxStoredMessages, 100, 10_000_000, "MaxStoredMessages");
        Between(s.RecentTrafficCapacity, 10, 100_000, "RecentTrafficCapacity");
        return errors;
    }

    [GeneratedRegex("^HX[0-9a-fA-F]{32}$")]
    internal static partial Regex ContentSid();
}
