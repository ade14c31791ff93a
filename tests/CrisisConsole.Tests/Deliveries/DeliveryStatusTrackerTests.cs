using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Tests.Webhooks;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Deliveries;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Tests.Deliveries;

/// <summary>The send side of the tracker, as the dispatcher will call it.</summary>
public sealed class DeliveryStatusTrackerTests(CrisisConsoleFactory factory) : IClassFixture<CrisisConsoleFactory>
{
    private DeliveryStatusTracker Tracker => factory.Services.GetRequiredService<DeliveryStatusTracker>();

    [Fact]
    public async Task An_accepted_send_stores_the_provider_id_and_its_initial_status()
    {
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.TwilioSms, null, DeliveryStatus.Pending);
        var sid = SignedWebhooks.NewTwilioSid();

        Assert.True(await Tracker.RecordSendResultAsync(id, new SendResult.Accepted(sid, DeliveryStatus.Queued, 2), CancellationToken.None));

        var delivery = await SignedWebhooks.DeliveryAsync(factory, id);
        Assert.Equal(sid, delivery.ProviderMessageId);
        Assert.Equal(DeliveryStatus.Queued, delivery.Status);
    }

    [Fact]
    public async Task A_permanent_failure_marks_the_delivery_failed_with_its_code()
    {
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.MetaWhatsApp, null, DeliveryStatus.Pending);

        await Tracker.RecordSendResultAsync(id, new SendResult.PermanentFailure("131026", "Message undeliverable", PermanentFailureKind.NotOnWhatsApp), CancellationToken.None);

        var delivery = await SignedWebhooks.DeliveryAsync(factory, id);
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.Equal("131026", delivery.ErrorCode);
        Assert.NotNull(delivery.FailedAt);
    }

    [Fact]
    public async Task Transient_and_unknown_outcomes_change_no_status()
    {
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.TwilioSms, null, DeliveryStatus.Pending);

        Assert.False(await Tracker.RecordSendResultAsync(id, new SendResult.TransientFailure(null, "20429", "busy"), CancellationToken.None));
        Assert.False(await Tracker.RecordSendResultAsync(id, new SendResult.OutcomeUnknown("dropped"), CancellationToken.None));

        Assert.Equal(DeliveryStatus.Pending, (await SignedWebhooks.DeliveryAsync(factory, id)).Status);
    }

    [Fact]
    public async Task Attaching_to_an_unknown_delivery_says_so() =>
        Assert.Equal(AttachOutcome.DeliveryNotFound, await Tracker.AttachProviderIdAsync(long.MaxValue, SignedWebhooks.NewTwilioSid(), DeliveryStatus.Queued, CancellationToken.None));

    [Fact]
    public async Task A_provider_id_held_by_another_delivery_is_not_attached_twice()
    {
        var sid = SignedWebhooks.NewTwilioSid();
        await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.TwilioSms, sid);
        var other = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.TwilioSms, null, DeliveryStatus.Pending);

        Assert.Equal(AttachOutcome.ProviderIdInUse, await Tracker.AttachProviderIdAsync(other, sid, DeliveryStatus.Queued, CancellationToken.None));
        Assert.Null((await SignedWebhooks.DeliveryAsync(factory, other)).ProviderMessageId);
    }

    [Fact]
    public async Task Marking_failed_after_delivery_changes_nothing()
    {
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.TwilioSms, SignedWebhooks.NewTwilioSid(), DeliveryStatus.Delivered);

        Assert.True(await Tracker.MarkFailedAsync(id, "30008", "Unknown error", CancellationToken.None));

        var delivery = await SignedWebhooks.DeliveryAsync(factory, id);
        Assert.Equal(DeliveryStatus.Delivered, delivery.Status);
        Assert.Null(delivery.ErrorCode);
    }

    [Fact]
    public async Task Observers_hear_each_rise_inside_the_transaction()
    {
        var observer = new RecordingObserver();
        using var observed = factory.WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddSingleton<IDeliveryStatusObserver>(observer)));
        var tracker = observed.Services.GetRequiredService<DeliveryStatusTracker>();
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.TwilioSms, null, DeliveryStatus.Pending);
        var sid = SignedWebhooks.NewTwilioSid();

        await tracker.AttachProviderIdAsync(id, sid, DeliveryStatus.Queued, CancellationToken.None);
        await tracker.AttachProviderIdAsync(id, sid, DeliveryStatus.Queued, CancellationToken.None);

        var change = Assert.Single(observer.Changes);
        Assert.Equal((id, DeliveryStatus.Pending, DeliveryStatus.Queued), (change.DeliveryId, change.From, change.To));
        Assert.True(observer.HadTransaction);
    }

    private sealed class RecordingObserver : IDeliveryStatusObserver
    {
        public List<DeliveryStatusChange> Changes { get; } = [];

        public bool HadTransaction { get; private set; }

        public Task OnStatusChangedAsync(AppDbContext db, DeliveryStatusChange change, CancellationToken cancellationToken)
        {
            Changes.Add(change);
            HadTransaction = db.Database.CurrentTransaction is not null;
            return Task.CompletedTask;
        }
    }
}
