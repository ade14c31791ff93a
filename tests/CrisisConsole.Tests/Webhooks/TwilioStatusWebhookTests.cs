using System.Net;
using System.Text;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Webhooks;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Tests.Webhooks;

public sealed class TwilioStatusWebhookTests(CrisisConsoleFactory factory) : IClassFixture<CrisisConsoleFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task A_signed_status_callback_moves_the_delivery_forward_and_is_kept_as_its_status_event()
    {
        var sid = SignedWebhooks.NewTwilioSid();
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.TwilioSms, sid);

        var response = await client.SendAsync(SignedWebhooks.TwilioStatus(sid, "sent"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var delivery = await SignedWebhooks.DeliveryAsync(factory, id);
        Assert.Equal(DeliveryStatus.Sent, delivery.Status);
        Assert.NotNull(delivery.SentAt);
        await using var db = factory.CreateDbContext();
        var statusEvent = await db.Set<DeliveryStatusEvent>().SingleAsync(e => e.ProviderMessageId == sid);
        Assert.Equal(id, statusEvent.DeliveryId);
        Assert.Equal("sent", statusEvent.RawStatus);
        // Matched its delivery: the event row is the record, the raw payload is not stored a second time.
        Assert.Null(statusEvent.WebhookEventId);
        Assert.False(await db.Set<GatewayWebhookEvent>().AnyAsync(e => e.ProviderMessageId == sid));
    }

    [Fact]
    public async Task A_callback_for_no_known_delivery_keeps_its_raw_payload()
    {
        var sid = SignedWebhooks.NewTwilioSid();

        var response = await client.SendAsync(SignedWebhooks.TwilioStatus(sid, "delivered"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = factory.CreateDbContext();
        var statusEvent = await db.Set<DeliveryStatusEvent>().SingleAsync(e => e.ProviderMessageId == sid);
        Assert.Null(statusEvent.DeliveryId);
        var raw = await db.Set<GatewayWebhookEvent>().SingleAsync(e => e.ProviderMessageId == sid);
        Assert.Equal(raw.Id, statusEvent.WebhookEventId);
        Assert.Equal(WebhookSource.Twilio, raw.Source);
        Assert.Equal(WebhookKind.Status, raw.Kind);
        Assert.Contains("MessageStatus=delivered", raw.Payload);
    }

    [Fact]
    public async Task A_callback_signed_with_another_token_is_refused_with_403_and_changes_nothing()
    {
        var sid = SignedWebhooks.NewTwilioSid();
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.TwilioSms, sid);

        var request = SignedWebhooks.Twilio(WebhookPaths.TwilioStatus, SignedWebhooks.TwilioStatusFields(sid, "delivered"), authToken: "not-the-token");
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertNothingStoredAsync(sid, id);
    }

    [Fact]
    public async Task A_callback_without_a_signature_is_refused_with_403_and_changes_nothing()
    {
        var sid = SignedWebhooks.NewTwilioSid();
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.TwilioSms, sid);

        var response = await client.PostAsync(WebhookPaths.TwilioStatus, new FormUrlEncodedContent(SignedWebhooks.TwilioStatusFields(sid, "delivered")));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertNothingStoredAsync(sid, id);
    }

    [Fact]
    public async Task A_signature_over_the_internal_address_is_refused()
    {
        var sid = SignedWebhooks.NewTwilioSid();
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.TwilioSms, sid);

        var request = SignedWebhooks.Twilio(WebhookPaths.TwilioStatus, SignedWebhooks.TwilioStatusFields(sid, "delivered"),
            signedUrl: "http://localhost" + WebhookPaths.TwilioStatus);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(request)).StatusCode);
        await AssertNothingStoredAsync(sid, id);
    }

    [Fact]
    public async Task A_signature_made_over_the_url_with_its_default_port_is_accepted()
    {
        var sid = SignedWebhooks.NewTwilioSid();
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.TwilioSms, sid);
        var query = $"?delivery={id}";

        var request = SignedWebhooks.Twilio(WebhookPaths.TwilioStatus, SignedWebhooks.TwilioStatusFields(sid, "sent"), query,
            signedUrl: "https://console.example.test:443" + WebhookPaths.TwilioStatus + query);

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
        Assert.Equal(DeliveryStatus.Sent, (await SignedWebhooks.DeliveryAsync(factory, id)).Status);
    }

    [Fact]
    public async Task A_signature_without_the_query_string_is_refused()
    {
        var sid = SignedWebhooks.NewTwilioSid();
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.TwilioSms, sid);

        var request = SignedWebhooks.Twilio(WebhookPaths.TwilioStatus, SignedWebhooks.TwilioStatusFields(sid, "sent"), $"?delivery={id}",
            signedUrl: CrisisConsoleFactory.PublicBaseUrl + WebhookPaths.TwilioStatus);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task A_field_added_after_signing_is_refused()
    {
        var sid = SignedWebhooks.NewTwilioSid();
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.TwilioSms, sid);
        var signed = SignedWebhooks.TwilioStatusFields(sid, "sent");

        var request = SignedWebhooks.Twilio(WebhookPaths.TwilioStatus, [.. signed, new("ErrorCode", "30007")], signedFields: signed);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(request)).StatusCode);
        await AssertNothingStoredAsync(sid, id);
    }

    [Fact]
    public async Task Unknown_fields_are_covered_by_the_signature_and_otherwise_ignored()
    {
        var sid = SignedWebhooks.NewTwilioSid();
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.TwilioSms, sid);
        var fields = SignedWebhooks.TwilioStatusFields(sid, "delivered");
        fields.Add(new("RawDlrDoneDate", "2611210930"));
        fields.Add(new("SomeFutureField", "{\"a\": [1, 2]}"));
        fields.Add(new("EmptyField", ""));

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(SignedWebhooks.Twilio(WebhookPaths.TwilioStatus, fields))).StatusCode);
        Assert.Equal(DeliveryStatus.Delivered, (await SignedWebhooks.DeliveryAsync(factory, id)).Status);
    }

    [Fact]
    public async Task A_duplicate_callback_is_stored_once_and_changes_nothing()
    {
        var sid = SignedWebhooks.NewTwilioSid();
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.TwilioSms, sid);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(SignedWebhooks.TwilioStatus(sid, "delivered"))).StatusCode);
        var first = await SignedWebhooks.DeliveryAsync(factory, id);

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(SignedWebhooks.TwilioStatus(sid, "delivered"))).StatusCode);

        var second = await SignedWebhooks.DeliveryAsync(factory, id);
        Assert.Equal(first.DeliveredAt, second.DeliveredAt);
        Assert.Equal(first.UpdatedAt, second.UpdatedAt);
        await using var db = factory.CreateDbContext();
        Assert.Equal(1, await db.Set<DeliveryStatusEvent>().CountAsync(e => e.ProviderMessageId == sid));
    }

    [Fact]
    public async Task A_failure_callback_records_the_error_code_and_time()
    {
        var sid = SignedWebhooks.NewTwilioSid();
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.TwilioSms, sid);
        await client.SendAsync(SignedWebhooks.TwilioStatus(sid, "sent"));

        await client.SendAsync(SignedWebhooks.TwilioStatus(sid, "undelivered", errorCode: "30003"));

        var delivery = await SignedWebhooks.DeliveryAsync(factory, id);
        Assert.Equal(DeliveryStatus.Undelivered, delivery.Status);
        Assert.Equal("30003", delivery.ErrorCode);
        Assert.NotNull(delivery.FailedAt);
        Assert.NotNull(delivery.ErrorReason);
    }

    [Fact]
    public async Task A_failure_reported_after_delivery_changes_nothing()
    {
        var sid = SignedWebhooks.NewTwilioSid();
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.TwilioSms, sid);
        await client.SendAsync(SignedWebhooks.TwilioStatus(sid, "delivered"));

        await client.SendAsync(SignedWebhooks.TwilioStatus(sid, "failed", errorCode: "30008"));

        var delivery = await SignedWebhooks.DeliveryAsync(factory, id);
        Assert.Equal(DeliveryStatus.Delivered, delivery.Status);
        Assert.Null(delivery.ErrorCode);
        Assert.Null(delivery.FailedAt);
    }

    [Fact]
    public async Task A_callback_before_the_provider_id_is_stored_is_kept_and_applied_when_the_id_is_attached()
    {
        var sid = SignedWebhooks.NewTwilioSid();
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.TwilioSms, providerMessageId: null, DeliveryStatus.Pending);

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(SignedWebhooks.TwilioStatus(sid, "delivered"))).StatusCode);
        Assert.Equal(DeliveryStatus.Pending, (await SignedWebhooks.DeliveryAsync(factory, id)).Status);

        var tracker = factory.Services.GetRequiredService<DeliveryStatusTracker>();
        Assert.Equal(AttachOutcome.Attached, await tracker.AttachProviderIdAsync(id, sid, DeliveryStatus.Queued, CancellationToken.None));

        var delivery = await SignedWebhooks.DeliveryAsync(factory, id);
        Assert.Equal(DeliveryStatus.Delivered, delivery.Status);
        Assert.Equal(sid, delivery.ProviderMessageId);
        Assert.NotNull(delivery.DeliveredAt);
        await using var db = factory.CreateDbContext();
        var statusEvent = await db.Set<DeliveryStatusEvent>().SingleAsync(e => e.ProviderMessageId == sid);
        Assert.Equal(id, statusEvent.DeliveryId);
        // It came before its delivery was known, so the request it came in is kept as received.
        Assert.NotNull(statusEvent.WebhookEventId);
    }

    [Fact]
    public async Task A_callback_naming_the_delivery_is_applied_before_the_send_response_is_stored()
    {
        var sid = SignedWebhooks.NewTwilioSid();
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.TwilioSms, providerMessageId: null, DeliveryStatus.Pending);

        await client.SendAsync(SignedWebhooks.TwilioStatus(sid, "sent", query: $"?delivery={id}"));

        var delivery = await SignedWebhooks.DeliveryAsync(factory, id);
        Assert.Equal(DeliveryStatus.Sent, delivery.Status);
        Assert.Equal(sid, delivery.ProviderMessageId);

        // The send response stored afterwards does not move it back to queued.
        var tracker = factory.Services.GetRequiredService<DeliveryStatusTracker>();
        Assert.Equal(AttachOutcome.Attached, await tracker.AttachProviderIdAsync(id, sid, DeliveryStatus.Queued, CancellationToken.None));
        Assert.Equal(DeliveryStatus.Sent, (await SignedWebhooks.DeliveryAsync(factory, id)).Status);
    }

    [Fact]
    public async Task A_callback_naming_a_delivery_that_holds_another_provider_id_stays_pending()
    {
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.TwilioSms, SignedWebhooks.NewTwilioSid());
        var strangerSid = SignedWebhooks.NewTwilioSid();

        await client.SendAsync(SignedWebhooks.TwilioStatus(strangerSid, "delivered", query: $"?delivery={id}"));

        Assert.Equal(DeliveryStatus.Queued, (await SignedWebhooks.DeliveryAsync(factory, id)).Status);
        await using var db = factory.CreateDbContext();
        Assert.Null((await db.Set<DeliveryStatusEvent>().SingleAsync(e => e.ProviderMessageId == strangerSid)).DeliveryId);
    }

    [Fact]
    public async Task A_signed_callback_without_a_message_sid_is_refused_with_400_and_the_app_keeps_serving()
    {
        var marker = Guid.NewGuid().ToString("N");
        var fields = new List<KeyValuePair<string, string>> { new("MessageStatus", "sent"), new("AccountSid", marker) };

        var response = await client.SendAsync(SignedWebhooks.Twilio(WebhookPaths.TwilioStatus, fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("MessageSid is missing", await response.Content.ReadAsStringAsync());
        await using var db = factory.CreateDbContext();
        Assert.False(await db.Set<GatewayWebhookEvent>().AnyAsync(e => e.Payload.Contains(marker)));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task A_signed_json_body_is_refused_with_400()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, WebhookPaths.TwilioStatus)
        {
            Content = new StringContent("{\"MessageSid\":\"SM1\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Twilio-Signature", "c2lnbmF0dXJl");

        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task A_body_over_64_kilobytes_is_refused_with_413_and_the_app_keeps_serving()
    {
        var fields = SignedWebhooks.TwilioStatusFields(SignedWebhooks.NewTwilioSid(), "sent");
        fields.Add(new("Padding", new string('x', 70 * 1024)));

        var response = await client.SendAsync(SignedWebhooks.Twilio(WebhookPaths.TwilioStatus, fields));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task A_body_of_unannounced_length_is_cut_off_at_the_limit_with_413()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, WebhookPaths.TwilioStatus)
        {
            Content = UnsizedContent.Form(Encoding.ASCII.GetBytes("MessageSid=SM1&Padding=" + new string('x', 100 * 1024))),
        };
        request.Headers.Add("X-Twilio-Signature", "c2lnbmF0dXJl");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    private async Task AssertNothingStoredAsync(string sid, long deliveryId)
    {
        await using var db = factory.CreateDbContext();
        Assert.False(await db.Set<GatewayWebhookEvent>().AnyAsync(e => e.ProviderMessageId == sid));
        Assert.False(await db.Set<DeliveryStatusEvent>().AnyAsync(e => e.ProviderMessageId == sid));
        Assert.Equal(DeliveryStatus.Queued, (await SignedWebhooks.DeliveryAsync(factory, deliveryId)).Status);
    }
}
