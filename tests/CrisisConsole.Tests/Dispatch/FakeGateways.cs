using System.Collections.Concurrent;
using CrisisConsole.Gateways.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CrisisConsole.Tests.Dispatch;

/// <summary>One send a fake gateway received.</summary>
public sealed record FakeCall(GatewayProvider Provider, OutboundMessage Message, int AttemptForDelivery, DateTimeOffset At);

/// <summary>
/// A gateway that records every message and answers as told (accepted by default, with a fresh provider
/// id). <see cref="Answer"/> gets the message and the how-many-th call it is for that delivery.
/// </summary>
public sealed class FakeGateway(GatewayProvider provider) : IMessageGateway
{
    private readonly ConcurrentDictionary<string, int> attempts = new();

    public ConcurrentQueue<FakeCall> Calls { get; } = new();

    public Func<OutboundMessage, int, SendResult>? Answer { get; set; }

    /// <summary>Awaited before answering (after the call is recorded): lets a test hold calls in flight.</summary>
    public Func<OutboundMessage, Task>? BeforeAnswer { get; set; }

    public MessageChannel Channel => GatewayProviders.ChannelOf(provider);

    public GatewayProvider Provider => provider;

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var attempt = attempts.AddOrUpdate(message.CorrelationId ?? "", 1, (_, n) => n + 1);
        Calls.Enqueue(new FakeCall(provider, message, attempt, DateTimeOffset.UtcNow));
        if (BeforeAnswer is { } hold)
        {
            await hold(message).WaitAsync(cancellationToken);
        }

        return Answer?.Invoke(message, attempt) ?? Accept();
    }

    public SendResult Accept() => new SendResult.Accepted(NewId(), provider == GatewayProvider.MetaWhatsApp ? DeliveryStatus.Accepted : DeliveryStatus.Queued, 1);

    public string NewId() => provider == GatewayProvider.MetaWhatsApp
        ? "wamid." + Guid.NewGuid().ToString("N")
        : "SM" + Guid.NewGuid().ToString("N");

    public IReadOnlyList<FakeCall> CallsFor(long deliveryId) =>
        Calls.Where(c => c.Message.CorrelationId == deliveryId.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
}

/// <summary>The three fakes, installed in place of the real gateway clients.</summary>
public sealed class FakeGateways
{
    public FakeGateway Sms { get; } = new(GatewayProvider.TwilioSms);
    public FakeGateway TwilioWhatsApp { get; } = new(GatewayProvider.TwilioWhatsApp);
    public FakeGateway Meta { get; } = new(GatewayProvider.MetaWhatsApp);

    public int TotalCalls => Sms.Calls.Count + TwilioWhatsApp.Calls.Count + Meta.Calls.Count;

    public FakeGateway For(GatewayProvider provider) => provider switch
    {
        GatewayProvider.TwilioSms => Sms,
        GatewayProvider.TwilioWhatsApp => TwilioWhatsApp,
        _ => Meta,
    };

    public void Install(IServiceCollection services)
    {
        services.RemoveAll<IMessageGateway>();
        services.AddSingleton<IMessageGateway>(Sms);
        services.AddSingleton<IMessageGateway>(TwilioWhatsApp);
        services.AddSingleton<IMessageGateway>(Meta);
    }
}
