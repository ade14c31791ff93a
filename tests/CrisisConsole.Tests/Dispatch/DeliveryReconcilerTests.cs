using System.Net;
using System.Text;
using CrisisConsole.Gateways.Configuration;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Twilio;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Dispatch;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Tests.Dispatch;

/// <summary>The reconciler alone (messaging service off), with Twilio's message list answered by the test.</summary>
public sealed class DeliveryReconcilerTests : IAsyncLifetime
{
    private readonly ListingHandler twilio = new();
    private DispatchApp app = null!;

    private DispatchData Data => new(app);
    private DeliveryReconciler Reconciler => app.Get<DeliveryReconciler>();

    public async Task InitializeAsync() => app = await DispatchApp.StartAsync(
        new Dictionary<string, string?> { ["Dispatch:Enabled"] = "false" },
        services => services.AddSingleton(provider => new TwilioMessageLookup(new HttpClient(twilio),
            provider.GetRequiredService<GatewayEndpoints>(), provider.GetRequiredService<IOptions<GatewayOptions>>())));

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_claimed_send_that_Twilio_lists_gets_that_message_and_is_not_sent_again()
    {
        var delivery = await ClaimedDeliveryAsync(BroadcastState.Sending);
        twilio.Answer = _ => Listing(("SM" + new string('1', 32), "delivered"));

        Assert.Equal(1, await Reconciler.ReconcileAsync(everything: true, _ => false, CancellationToken.None));

        var settled = await ReloadAsync(delivery.Id);
        Assert.Equal(("SM" + new string('1', 32), DeliveryStatus.Delivered), (settled.ProviderMessageId, settled.Status));
        Assert.Null(settled.ClaimedAt);
        Assert.Null(settled.NextAttemptAt);
        Assert.Contains("To=%2B1555", twilio.LastQuery);
    }

    [Fact]
    public async Task A_claimed_send_that_Twilio_does_not_list_is_sent_again()
    {
        var delivery = await ClaimedDeliveryAsync(BroadcastState.Sending);
        twilio.Answer = _ => Listing();

        await Reconciler.ReconcileAsync(everything: true, _ => false, CancellationToken.None);

        var released = await ReloadAsync(delivery.Id);
        Assert.Equal(DeliveryStatus.Pending, released.Status);
        Assert.Null(released.ClaimedAt);
        Assert.NotNull(released.NextAttemptAt);
    }

    [Fact]
    public async Task An_unsent_message_of_a_cancelled_broadcast_is_marked_cancelled_rather_than_sent()
    {
        var delivery = await ClaimedDeliveryAsync(BroadcastState.Cancelled);
        twilio.Answer = _ => Listing();

        await Reconciler.ReconcileAsync(everything: true, _ => false, CancellationToken.None);

        var cancelled = await ReloadAsync(delivery.Id);
        Assert.Equal((DeliveryStatus.Failed, DispatchErrorCodes.Cancelled), (cancelled.Status, cancelled.ErrorCode));
        Assert.Null(cancelled.NextAttemptAt);
    }

    [Fact]
    public async Task When_Twilio_cannot_be_asked_the_delivery_stays_claimed_and_is_asked_about_later()
    {
        var delivery = await ClaimedDeliveryAsync(BroadcastState.Sending);
        twilio.Answer = _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        Assert.Equal(0, await Reconciler.ReconcileAsync(everything: true, _ => false, CancellationToken.None));

        var waiting = await ReloadAsync(delivery.Id);
        Assert.NotNull(waiting.ClaimedAt);
        Assert.True(waiting.NextAttemptAt > delivery.NextAttemptAt);
    }

    [Fact]
    public async Task A_delivery_settled_by_its_sender_while_Twilio_was_being_asked_is_left_alone()
    {
        var delivery = await ClaimedDeliveryAsync(BroadcastState.Sending);
        twilio.Answer = _ =>
        {
            // The send's own outcome is written while the reconciler waits for Twilio.
            using var db = app.Db();
            db.Set<Delivery>().Where(d => d.Id == delivery.Id).ExecuteUpdate(s => s
                .SetProperty(d => d.ProviderMessageId, "SM" + new string('2', 32))
                .SetProperty(d => d.Status, DeliveryStatus.Queued)
                .SetProperty(d => d.ClaimedAt, (DateTimeOffset?)null)
                .SetProperty(d => d.NextAttemptAt, (DateTimeOffset?)null));
            return Listing();
        };

        Assert.Equal(0, await Reconciler.ReconcileAsync(everything: true, _ => false, CancellationToken.None));

        var settled = await ReloadAsync(delivery.Id);
        Assert.Equal(DeliveryStatus.Queued, settled.Status);
        Assert.Null(settled.NextAttemptAt);
    }

    [Fact]
    public async Task A_send_still_in_flight_here_is_not_touched()
    {
        var delivery = await ClaimedDeliveryAsync(BroadcastState.Sending);
        twilio.Answer = _ => Listing();

        Assert.Equal(0, await Reconciler.ReconcileAsync(everything: false, id => id == delivery.Id, CancellationToken.None));

        Assert.NotNull((await ReloadAsync(delivery.Id)).ClaimedAt);
    }

    private async Task<Delivery> ClaimedDeliveryAsync(BroadcastState state)
    {
        var template = await Data.TemplateAsync();
        var contact = (await Data.ContactsAsync(1))[0];
        var id = await Data.BroadcastAsync(template, [contact], state: state);
        var claimedAt = Data.Now - TimeSpan.FromMinutes(1);
        await using var db = app.Db();
        await db.Set<Delivery>().Where(d => d.BroadcastId == id).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.ClaimedAt, claimedAt)
            .SetProperty(d => d.NextAttemptAt, claimedAt)
            .SetProperty(d => d.AttemptCount, 1));
        return await db.Set<Delivery>().AsNoTracking().SingleAsync(d => d.BroadcastId == id);
    }

    private async Task<Delivery> ReloadAsync(long id)
    {
        await using var db = app.Db();
        return await db.Set<Delivery>().AsNoTracking().SingleAsync(d => d.Id == id);
    }

    private static HttpResponseMessage Listing(params (string Sid, string Status)[] messages)
    {
        var items = messages.Select(m =>
            $$"""{"sid":"{{m.Sid}}","status":"{{m.Status}}","direction":"outbound-api","date_created":"{{DateTimeOffset.UtcNow.ToString("r")}}","error_code":null}""");
        return new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("{\"messages\":[" + string.Join(",", items) + "]}", Encoding.UTF8, "application/json"),
        };
    }

    private sealed class ListingHandler : HttpMessageHandler
    {
        public Func<HttpRequestMessage, HttpResponseMessage> Answer { get; set; } = _ => Listing();

        public string LastQuery { get; private set; } = "";

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            LastQuery = request.RequestUri!.Query;
            return Task.FromResult(Answer(request));
        }
    }
}
