using System.Collections.Concurrent;
using CrisisConsole.GatewaySimulator.Admin;
using CrisisConsole.GatewaySimulator.Configuration;
using CrisisConsole.GatewaySimulator.Scheduling;

namespace CrisisConsole.GatewaySimulator.Recipients;

/// <summary>
/// The people behind the numbers. When a message reaches someone, they may answer it after a while:
/// a quick-reply press, words in their language, a location, STOP, or nothing, as the weights and
/// their profile say. A cooldown per person keeps an app's auto-replies from starting a loop.
/// </summary>
internal sealed class SimulatedRecipients(
    SimulatorSettingsStore settings,
    SimulationScheduler scheduler,
    InboundDispatcher inbound,
    SimulatorCounters counters,
    TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> quietUntil = new(StringComparer.Ordinal);

    public void OnDelivered(DeliveredMessage message)
    {
        var behaviour = settings.Current.Recipients;
        if (!behaviour.Enabled || (behaviour.AnswerOnlyCheckIns && !AnswerPlanner.IsCheckIn(message)))
        {
            return;
        }

        var profile = RecipientProfile.For(message.Recipient, behaviour);
        var plan = AnswerPlanner.Decide(profile, message.MessageId, behaviour);
        if (plan.Kind == AnswerKind.Silence)
        {
            return;
        }

        var now = time.GetUtcNow();
        var answerAt = now + plan.Delay;
        var until = answerAt + TimeSpan.FromSeconds(behaviour.CooldownSeconds);
        var allowed = true;
        quietUntil.AddOrUpdate(message.Recipient, until, (_, existing) =>
        {
            if (existing > now)
            {
                allowed = false;
                return existing;
            }

            return until;
        });

        if (!allowed)
        {
            return;
        }

        scheduler.Schedule(plan.Delay, () =>
        {
            // Switching recipients off silences answers already planned too; a test that turns them off
            // expects no answer from earlier messages to arrive afterwards. The person's cooldown was for
            // this answer, which never came, so it goes too: once switched on again they answer the next message.
            if (!settings.Current.Recipients.Enabled)
            {
                quietUntil.TryRemove(new KeyValuePair<string, DateTimeOffset>(message.Recipient, until));
                return;
            }

            var answer = AnswerPlanner.Compose(plan, profile, message);
            counters.RecipientAnswered();
            inbound.Send(message.Channel, message.Recipient, answer);
        });
    }

    public void Clear() => quietUntil.Clear();
}
