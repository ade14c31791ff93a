using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CrisisConsole.GatewaySimulator.Configuration;

namespace CrisisConsole.GatewaySimulator.Recipients;

internal enum AnswerKind
{
    SafeButton,
    HelpButton,
    FreeText,
    Location,
    Silence,
    Stop,
}

internal readonly record struct PlannedAnswer(AnswerKind Kind, TimeSpan Delay, double Seed);

/// <summary>
/// Decides what a recipient does with one message. Seeded by the number and the message id, so a
/// given message always gets the same answer, while different messages spread over the weights.
/// </summary>
internal static partial class AnswerPlanner
{
    public static PlannedAnswer Decide(RecipientProfile profile, string messageId, RecipientBehaviour behaviour)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(profile.Phone + "|" + messageId));
        var weights = behaviour.Answers;
        var pick = RecipientProfile.Fraction(hash, 0) * weights.Total;
        var kind = AnswerKind.Silence;
        foreach (var (weight, candidate) in new[]
                 {
                     (weights.SafeButton, AnswerKind.SafeButton), (weights.HelpButton, AnswerKind.HelpButton),
                     (weights.FreeText, AnswerKind.FreeText), (weights.Location, AnswerKind.Location),
                     (weights.Silence, AnswerKind.Silence), (weights.Stop, AnswerKind.Stop),
                 })
        {
            if (pick < weight)
            {
                kind = candidate;
                break;
            }

            pick -= weight;
        }

        var span = behaviour.MaxReplyDelayMs - behaviour.MinReplyDelayMs;
        var delay = TimeSpan.FromMilliseconds(behaviour.MinReplyDelayMs + RecipientProfile.Fraction(hash, 4) * span);
        return new PlannedAnswer(kind, delay, RecipientProfile.Fraction(hash, 8));
    }

    /// <summary>A check-in carries quick replies or asks for SAFE/HELP in one of the languages.</summary>
    public static bool IsCheckIn(DeliveredMessage message) =>
        message.Buttons.Count > 0 || (message.Text is not null && CheckInWords().IsMatch(message.Text));

    public static InboundMessage Compose(PlannedAnswer plan, RecipientProfile profile, DeliveredMessage message)
    {
        var sms = message.Channel == SimulatedChannel.Sms;
        switch (plan.Kind)
        {
            case AnswerKind.SafeButton or AnswerKind.HelpButton:
                var safe = plan.Kind == AnswerKind.SafeButton;
                if (!sms && message.Buttons.Count > 0)
                {
                    var button = PickButton(message.Buttons, safe);
                    return new InboundMessage { ButtonId = button.Id, ButtonText = button.Title, Text = button.Title, ReplyTo = message.MessageId };
                }

                return new InboundMessage
                {
                    Text = sms || plan.Seed < 0.5
                        ? AnswerPhrases.Keyword(profile.Language, safe)
                        : safe ? AnswerPhrases.SafeText(profile.Language, plan.Seed) : AnswerPhrases.HelpText(profile.Language, plan.Seed),
                };
            case AnswerKind.Location when !sms:
                return new InboundMessage { Latitude = profile.Latitude, Longitude = profile.Longitude };
            case AnswerKind.Stop:
                return new InboundMessage { Text = "STOP" };
            default:
                return new InboundMessage { Text = AnswerPhrases.FreeText(profile.Language, plan.Seed) };
        }
    }

    private static QuickReplyButton PickButton(IReadOnlyList<QuickReplyButton> buttons, bool safe)
    {
        var words = safe ? SafeWords() : HelpWords();
        foreach (var button in buttons)
        {
            if (words.IsMatch(button.Id) || words.IsMatch(button.Title))
            {
                return button;
            }
        }

        return safe ? buttons[0] : buttons[Math.Min(1, buttons.Count - 1)];
    }

    [GeneratedRegex(@"safe|help|s[ée]curit[ée]|aide|بخير|أمان|مساعدة", RegexOptions.IgnoreCase)]
    private static partial Regex CheckInWords();

    [GeneratedRegex(@"safe|\bok\b|fine|s[ée]curit[ée]|bien|بخير|أمان", RegexOptions.IgnoreCase)]
    private static partial Regex SafeWords();

    [GeneratedRegex(@"help|aide|sos|need|مساعدة", RegexOptions.IgnoreCase)]
    private static partial Regex HelpWords();
}
