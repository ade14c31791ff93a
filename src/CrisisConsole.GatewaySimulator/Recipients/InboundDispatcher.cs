using CrisisConsole.GatewaySimulator.Meta;
using CrisisConsole.GatewaySimulator.Twilio;

namespace CrisisConsole.GatewaySimulator.Recipients;

/// <summary>Sends a person's message through the provider of the channel it travels on.</summary>
internal sealed class InboundDispatcher(TwilioInboundWebhooks twilio, MetaInboundWebhooks meta)
{
    public InboundResult Send(SimulatedChannel channel, string person, InboundMessage message) => channel switch
    {
        SimulatedChannel.Meta => meta.Send(person, message),
        _ => twilio.Send(channel, person, message),
    };
}
