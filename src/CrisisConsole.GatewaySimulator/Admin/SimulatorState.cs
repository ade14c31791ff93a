using CrisisConsole.GatewaySimulator.Callbacks;
using CrisisConsole.GatewaySimulator.Configuration;
using CrisisConsole.GatewaySimulator.Faults;
using CrisisConsole.GatewaySimulator.Meta;
using CrisisConsole.GatewaySimulator.Recipients;
using CrisisConsole.GatewaySimulator.Scheduling;
using CrisisConsole.GatewaySimulator.Storage;
using CrisisConsole.GatewaySimulator.Twilio;

namespace CrisisConsole.GatewaySimulator.Admin;

/// <summary>Everything the simulator remembers, so that one admin call can forget it all.</summary>
internal sealed class SimulatorState(
    SimulationScheduler scheduler,
    CallbackQueue callbacks,
    MessageStore<TwilioMessage> twilioMessages,
    MessageStore<MetaMessage> metaMessages,
    TwilioOptOuts optOuts,
    TwilioSenderQueue senderQueue,
    MetaThroughputLimiter throughput,
    ConversationWindows windows,
    SimulatedRecipients recipients,
    FaultInjector faults,
    SimulatorCounters counters,
    TrafficLog traffic,
    SimulatorSettingsStore settings)
{
    /// <summary>
    /// Pending steps and queued callbacks are dropped too, so nothing from before the reset reaches
    /// the app afterwards (a callback already on the wire may still land).
    /// </summary>
    public void Reset(bool keepSettings)
    {
        scheduler.Clear();
        callbacks.Clear();
        twilioMessages.Clear();
        metaMessages.Clear();
        optOuts.Clear();
        senderQueue.Clear();
        throughput.Clear();
        windows.Clear();
        recipients.Clear();
        faults.Clear();
        counters.Reset();
        traffic.Clear();
        if (!keepSettings)
        {
            settings.Reset();
        }
    }
}
