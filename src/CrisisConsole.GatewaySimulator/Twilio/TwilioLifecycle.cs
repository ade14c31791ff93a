using System.Globalization;
using CrisisConsole.Gateways.Configuration;
using CrisisConsole.GatewaySimulator.Callbacks;
using CrisisConsole.GatewaySimulator.Configuration;
using CrisisConsole.GatewaySimulator.Recipients;
using CrisisConsole.GatewaySimulator.Scheduling;
using Microsoft.Extensions.Options;

namespace CrisisConsole.GatewaySimulator.Twilio;

/// <summary>
/// Moves a Twilio message through its statuses over time and sends a signed status callback for each
/// change after the first (Twilio never calls back for the initial status):
/// SMS queued → sending → sent → delivered | undelivered; WhatsApp adds read; failures end in failed.
/// </summary>
internal sealed class TwilioLifecycle(
    SimulationScheduler scheduler,
    SimulatorSettingsStore settings,
    CallbackQueue callbacks,
    IOptions<GatewayOptions> gateways,
    SimulatedRecipients recipients,
    ConversationWindows windows,
    TwilioSenderQueue senderQueue,
    TimeProvider time)
{
    private static readonly IReadOnlyList<QuickReplyButton> DefaultButtons =
        [new() { Id = "SAFE", Title = "I am safe" }, new() { Id = "HELP", Title = "I need help" }];

    /// <param name="injectedFailure">An error code from a FailAfterAccept fault, if one fired.</param>
    public void Start(TwilioMessage message, int? injectedFailure)
    {
        var current = settings.Current;
        var behaviour = current.Twilio;
        var profile = RecipientProfile.For(message.Person, current.Recipients);
        var failure = injectedFailure ?? PredictFailure(message, profile, behaviour);

        var wait = TimeSpan.Zero;
        var limits = current.RateLimits;
        if (limits.TwilioEnabled && failure is null)
        {
            var rate = message.Channel == SimulatedChannel.Sms ? limits.TwilioSmsSegmentsPerSecond : limits.TwilioWhatsAppMessagesPerSecond;
            var units = message.Channel == SimulatedChannel.Sms ? message.Segments : 1;
            var turn = senderQueue.Reserve(message.Sender, units, rate, TimeSpan.FromSeconds(limits.TwilioMaxQueueSeconds));
            if (turn is null)
            {
                failure = 30001;
            }
            else
            {
                wait = turn.Value;
            }
        }

        var steps = new List<Step>(6);
        if (message.MessagingServiceSid is not null)
        {
            steps.Add(new Step("queued", Ms(behaviour.QueuedToSendingMs / 2), null));
        }

        if (failure is { } code && !TwilioErrors.IsCarrierError(code))
        {
            steps.Add(new Step("failed", Ms(behaviour.QueuedToSendingMs), code) { Wait = wait });
        }
        else
        {
            steps.Add(new Step("sending", Ms(behaviour.QueuedToSendingMs), null) { Wait = wait });
            steps.Add(new Step("sent", Ms(behaviour.SendingToSentMs), null));
            if (failure is { } carrierCode)
            {
                steps.Add(new Step("undelivered", Ms(behaviour.SentToDeliveredMs), carrierCode));
            }
            else
            {
                steps.Add(new Step("delivered", Ms(behaviour.SentToDeliveredMs), null));
                if (message.Channel == SimulatedChannel.TwilioWhatsApp && profile.SendsReadReceipts)
                {
                    steps.Add(new Step("read", Ms(behaviour.DeliveredToReadMs), null));
                }
            }
        }

        ScheduleStep(message, steps, 0, behaviour.JitterPercent);
    }

    private int? PredictFailure(TwilioMessage message, RecipientProfile profile, TwilioBehaviour behaviour)
    {
        if (message.Channel == SimulatedChannel.TwilioWhatsApp)
        {
            if (!profile.OnWhatsApp)
            {
                return behaviour.NotOnWhatsAppErrorCode;
            }

            var sender = ConversationWindows.TwilioSender(TwilioAddress.StripChannel(message.Sender));
            if (message.ContentSid is null && !windows.IsOpen(sender, message.Person))
            {
                return 63016;
            }

            return null;
        }

        return profile.SmsReachable ? null : behaviour.UnreachableErrorCode;
    }

    private void ScheduleStep(TwilioMessage message, List<Step> steps, int index, int jitterPercent)
    {
        var step = steps[index];
        // The queue wait is exact (it keeps the sender's order); only the processing delay varies.
        scheduler.Schedule(step.Wait + Jitter.Apply(step.Delay, jitterPercent), () =>
        {
            Apply(message, step, steps, index);
            if (index + 1 < steps.Count)
            {
                ScheduleStep(message, steps, index + 1, jitterPercent);
            }
        });
    }

    private void Apply(TwilioMessage message, Step step, List<Step> steps, int index)
    {
        var now = time.GetUtcNow();
        lock (message.Gate)
        {
            message.Status = step.Status;
            message.DateUpdated = now;
            message.ErrorCode = step.ErrorCode ?? message.ErrorCode;
            message.SenderChosen = true;
            if (step.Status == "sent")
            {
                var unit = message.Channel == SimulatedChannel.Sms ? 0.0079m : 0.005m;
                message.Price = (-unit * Math.Max(1, message.Segments)).ToString("0.00000", CultureInfo.InvariantCulture);
            }
        }

        if (message.StatusCallback is not null && callbacks.Enabled)
        {
            var fields = TwilioCallbackFields.Status(message, step.Status, step.ErrorCode, now);
            callbacks.Enqueue(CallbackRequest.TwilioForm(CallbackKind.TwilioStatus, message.StatusCallback, fields,
                gateways.Value.Twilio.AuthToken ?? "", message.Sid, message.Person, step.Status));
        }

        // The person answers once they have seen the message: at "read" if they send read receipts, else at "delivered".
        var lastStep = index == steps.Count - 1;
        if (step.Status == "read" || (step.Status == "delivered" && lastStep))
        {
            recipients.OnDelivered(Describe(message));
        }
    }

    private DeliveredMessage Describe(TwilioMessage message)
    {
        if (message.ContentSid is null)
        {
            return new DeliveredMessage(message.Channel, message.Person, message.Sid, message.Body, [], ButtonStyle.None);
        }

        var content = settings.Current.Twilio.Contents?.FirstOrDefault(c => string.Equals(c.Sid, message.ContentSid, StringComparison.OrdinalIgnoreCase));
        var buttons = content is null
            ? settings.Current.Twilio.DefaultButtons is { Count: > 0 } configured ? configured : DefaultButtons
            : content.Buttons ?? [];
        return new DeliveredMessage(message.Channel, message.Person, message.Sid, content?.Body ?? message.Body, buttons, ButtonStyle.TwilioQuickReply);
    }

    private static TimeSpan Ms(int milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    private sealed record Step(string Status, TimeSpan Delay, int? ErrorCode)
    {
        /// <summary>Time spent in the sender queue before this step (rate limiting).</summary>
        public TimeSpan Wait { get; init; }
    }
}
