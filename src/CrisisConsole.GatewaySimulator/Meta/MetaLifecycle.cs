using CrisisConsole.Gateways.Configuration;
using CrisisConsole.GatewaySimulator.Callbacks;
using CrisisConsole.GatewaySimulator.Configuration;
using CrisisConsole.GatewaySimulator.Recipients;
using CrisisConsole.GatewaySimulator.Scheduling;
using Microsoft.Extensions.Options;

namespace CrisisConsole.GatewaySimulator.Meta;

/// <summary>
/// Moves an accepted Cloud API message through sent → delivered → read (or failed with errors[]) and
/// posts each status to {PublicBaseUrl}/webhooks/whatsapp, signed over the exact bytes sent.
/// </summary>
internal sealed class MetaLifecycle(
    SimulationScheduler scheduler,
    SimulatorSettingsStore settings,
    CallbackQueue callbacks,
    IOptions<GatewayOptions> gateways,
    GatewayEndpoints endpoints,
    SimulatedRecipients recipients,
    TimeProvider time)
{
    public const string WebhookPath = "/webhooks/whatsapp";

    public void Start(MetaMessage message, MetaError? failure)
    {
        var current = settings.Current;
        var behaviour = current.Meta;
        var profile = RecipientProfile.For(message.Recipient, current.Recipients);
        var steps = new List<Step>(3);
        if (failure is not null)
        {
            steps.Add(new Step("failed", behaviour.AcceptedToSentMs, failure));
        }
        else
        {
            steps.Add(new Step("sent", behaviour.AcceptedToSentMs, null));
            if (!behaviour.SkipDelivered)
            {
                steps.Add(new Step("delivered", behaviour.SentToDeliveredMs, null));
            }

            if (profile.SendsReadReceipts)
            {
                steps.Add(new Step("read", behaviour.SkipDelivered ? behaviour.SentToDeliveredMs : behaviour.DeliveredToReadMs, null));
            }
        }

        ScheduleStep(message, steps, 0, behaviour.JitterPercent);
    }

    private void ScheduleStep(MetaMessage message, List<Step> steps, int index, int jitterPercent)
    {
        scheduler.Schedule(Jitter.Apply(TimeSpan.FromMilliseconds(steps[index].DelayMs), jitterPercent), () =>
        {
            Apply(message, steps[index], index == steps.Count - 1);
            if (index + 1 < steps.Count)
            {
                ScheduleStep(message, steps, index + 1, jitterPercent);
            }
        });
    }

    private void Apply(MetaMessage message, Step step, bool last)
    {
        var now = time.GetUtcNow();
        lock (message.Gate)
        {
            message.Status = step.Status;
            message.ErrorCode = step.Error?.Code;
            message.UpdatedAt = now;
        }

        if (endpoints.PublicBaseUrl is { } publicBase && callbacks.Enabled)
        {
            var body = MetaWebhookPayloads.Status(settings.Current.Meta, message, step.Status, step.Error, now);
            callbacks.Enqueue(CallbackRequest.MetaJson(CallbackKind.MetaStatus, publicBase + WebhookPath, body,
                gateways.Value.WhatsAppCloud.AppSecret ?? "", message.Id, message.Recipient, step.Status));
        }

        if (step.Status == "read" || (step.Status is "delivered" or "sent" && last))
        {
            recipients.OnDelivered(new DeliveredMessage(SimulatedChannel.Meta, message.Recipient, message.Id, message.Text, message.Buttons, message.ButtonStyle));
        }
    }

    private sealed record Step(string Status, int DelayMs, MetaError? Error);
}
