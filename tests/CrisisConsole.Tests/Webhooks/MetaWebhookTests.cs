using System.Net;
using System.Text;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Webhooks;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Inbox;
using CrisisConsole.Web.Features.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Tests.Webhooks;

public sealed class MetaWebhookTests(CrisisConsoleFactory factory) : IClassFixture<CrisisConsoleFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task The_verification_handshake_with_the_right_token_echoes_the_challenge()
    {
        var response = await client.GetAsync(
            $"{WebhookPaths.WhatsAppCloud}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={CrisisConsoleFactory.MetaVerifyToken}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1158201444", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=wrong")]
    [InlineData("hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=test-meta-verify-toke")]
    [InlineData("hub.mode=subscribe&hub.challenge=1158201444")]
    [InlineData("hub.mode=unsubscribe&hub.challenge=1158201444&hub.verify_token=test-meta-verify-token")]
    [InlineData("hub.mode=subscribe&hub.verify_token=test-meta-verify-token")]
    public async Task A_handshake_with_a_wrong_token_or_mode_is_refused(string query)
    {
        var response = await client.GetAsync($"{WebhookPaths.WhatsAppCloud}?{query}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("1158201444", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_signed_batch_moves_each_delivery_it_names()
    {
        var first = SignedWebhooks.NewWamid();
        var second = SignedWebhooks.NewWamid();
        var firstId = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.MetaWhatsApp, first, DeliveryStatus.Accepted);
        var secondId = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.MetaWhatsApp, second, DeliveryStatus.Accepted);

        var response = await client.SendAsync(SignedWebhooks.Meta(SignedWebhooks.MetaStatuses(
            SignedWebhooks.MetaStatus(first, "sent", timestamp: 1750857384),
            SignedWebhooks.MetaStatus(first, "delivered", timestamp: 1750857390),
            SignedWebhooks.MetaStatus(second, "read", timestamp: 1750857400))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var firstDelivery = await SignedWebhooks.DeliveryAsync(factory, firstId);
        Assert.Equal(DeliveryStatus.Delivered, firstDelivery.Status);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1750857384), firstDelivery.SentAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1750857390), firstDelivery.DeliveredAt);
        var secondDelivery = await SignedWebhooks.DeliveryAsync(factory, secondId);
        Assert.Equal(DeliveryStatus.Read, secondDelivery.Status);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1750857400), secondDelivery.ReadAt);
        Assert.Equal(secondDelivery.ReadAt, secondDelivery.DeliveredAt);
    }

    [Fact]
    public async Task The_same_status_twice_in_one_batch_is_stored_once()
    {
        var wamid = SignedWebhooks.NewWamid();
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.MetaWhatsApp, wamid, DeliveryStatus.Accepted);

        await client.SendAsync(SignedWebhooks.Meta(SignedWebhooks.MetaStatuses(
            SignedWebhooks.MetaStatus(wamid, "delivered"), SignedWebhooks.MetaStatus(wamid, "delivered"))));

        await using var db = factory.CreateDbContext();
        Assert.Equal(1, await db.Set<DeliveryStatusEvent>().CountAsync(e => e.ProviderMessageId == wamid));
        Assert.Equal(DeliveryStatus.Delivered, (await SignedWebhooks.DeliveryAsync(factory, id)).Status);
    }

    [Fact]
    public async Task The_signature_covers_the_exact_bytes_so_spaced_and_compact_json_both_pass_when_signed_as_sent()
    {
        var compact = Encoding.UTF8.GetBytes("{\"object\":\"whatsapp_business_account\",\"entry\":[]}");
        var spaced = Encoding.UTF8.GetBytes("{\"object\": \"whatsapp_business_account\", \"entry\": []}");

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(SignedWebhooks.Meta(compact))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(SignedWebhooks.Meta(spaced))).StatusCode);
    }

    [Fact]
    public async Task Raw_utf8_text_is_signed_and_stored_as_received()
    {
        var wamid = SignedWebhooks.NewWamid();
        var body = SignedWebhooks.MetaEnvelope($$$"""
            "contacts":[{"profile":{"name":"أمينة"},"wa_id":"971501234567"}],
            "messages":[{"from":"971501234567","id":"{{{wamid}}}","timestamp":"1749416383","type":"text","text":{"body":"أنا بخير"}}]
            """);

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(SignedWebhooks.Meta(body))).StatusCode);

        await using var db = factory.CreateDbContext();
        var message = await db.Set<InboundMessage>().SingleAsync(m => m.ProviderMessageId == wamid);
        Assert.Equal("أنا بخير", message.Text);
        Assert.Equal("+971501234567", message.FromAddress);
        Assert.Equal("أمينة", message.ProfileName);
    }

    [Fact]
    public async Task A_batch_with_a_bad_signature_is_refused_with_403_and_changes_nothing()
    {
        var wamid = SignedWebhooks.NewWamid();
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.MetaWhatsApp, wamid, DeliveryStatus.Accepted);

        var response = await client.SendAsync(SignedWebhooks.Meta(SignedWebhooks.MetaStatuses(SignedWebhooks.MetaStatus(wamid, "read")), appSecret: "wrong"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertNothingStoredAsync(wamid, id);
    }

    [Fact]
    public async Task A_batch_without_a_signature_is_refused_with_403_and_changes_nothing()
    {
        var wamid = SignedWebhooks.NewWamid();
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.MetaWhatsApp, wamid, DeliveryStatus.Accepted);
        var request = SignedWebhooks.Meta(SignedWebhooks.MetaStatuses(SignedWebhooks.MetaStatus(wamid, "read")));
        request.Headers.Remove("X-Hub-Signature-256");

        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(request)).StatusCode);
        await AssertNothingStoredAsync(wamid, id);
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_refused()
    {
        var wamid = SignedWebhooks.NewWamid();
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.MetaWhatsApp, wamid, DeliveryStatus.Accepted);
        var signed = SignedWebhooks.Meta(SignedWebhooks.MetaStatuses(SignedWebhooks.MetaStatus(wamid, "sent")));
        var request = SignedWebhooks.Meta(SignedWebhooks.MetaStatuses(SignedWebhooks.MetaStatus(wamid, "read")));
        request.Headers.Remove("X-Hub-Signature-256");
        request.Headers.Add("X-Hub-Signature-256", signed.Headers.GetValues("X-Hub-Signature-256"));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(request)).StatusCode);
        await AssertNothingStoredAsync(wamid, id);
    }

    [Fact]
    public async Task A_failed_status_records_metas_error_code()
    {
        var wamid = SignedWebhooks.NewWamid();
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.MetaWhatsApp, wamid, DeliveryStatus.Accepted);

        await client.SendAsync(SignedWebhooks.Meta(SignedWebhooks.MetaStatuses(SignedWebhooks.MetaStatus(wamid, "failed", errorCode: "131047"))));

        var delivery = await SignedWebhooks.DeliveryAsync(factory, id);
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.Equal("131047", delivery.ErrorCode);
        Assert.Equal("Details of 131047.", delivery.ErrorReason);
    }

    [Fact]
    public async Task Our_correlation_id_attaches_the_wamid_before_the_send_response_is_stored()
    {
        var wamid = SignedWebhooks.NewWamid();
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.MetaWhatsApp, providerMessageId: null, DeliveryStatus.Pending);

        await client.SendAsync(SignedWebhooks.Meta(SignedWebhooks.MetaStatuses(SignedWebhooks.MetaStatus(wamid, "delivered", correlationId: id.ToString()))));

        var delivery = await SignedWebhooks.DeliveryAsync(factory, id);
        Assert.Equal(wamid, delivery.ProviderMessageId);
        Assert.Equal(DeliveryStatus.Delivered, delivery.Status);
    }

    [Fact]
    public async Task A_correlation_id_never_attaches_a_meta_status_to_a_twilio_delivery()
    {
        var id = await SignedWebhooks.CreateDeliveryAsync(factory, GatewayProvider.TwilioSms, providerMessageId: null, DeliveryStatus.Pending);

        await client.SendAsync(SignedWebhooks.Meta(SignedWebhooks.MetaStatuses(SignedWebhooks.MetaStatus(SignedWebhooks.NewWamid(), "delivered", correlationId: id.ToString()))));

        var delivery = await SignedWebhooks.DeliveryAsync(factory, id);
        Assert.Null(delivery.ProviderMessageId);
        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
    }

    [Fact]
    public async Task A_button_reply_is_stored_once_with_the_message_it_answers()
    {
        var wamid = SignedWebhooks.NewWamid();
        var body = SignedWebhooks.MetaEnvelope("""
            "contacts":[{"profile":{"name":"Karim"},"wa_id":"16505551234"}],
            "messages":[{"context":{"from":"15550783881","id":"wamid.OURS"},"from":"16505551234","id":"WAMID","timestamp":"1749416383",
              "type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"HELP","title":"I need help"}}}]
            """.Replace("WAMID", wamid));

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(SignedWebhooks.Meta(body))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(SignedWebhooks.Meta(body))).StatusCode);

        await using var db = factory.CreateDbContext();
        var message = await db.Set<InboundMessage>().SingleAsync(m => m.ProviderMessageId == wamid);
        Assert.Equal(InboundKind.Button, message.Kind);
        Assert.Equal("HELP", message.ButtonPayload);
        Assert.Equal("wamid.OURS", message.ReplyToProviderMessageId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1749416383), message.SentAt);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"statuses\":[{\"status\":\"sent\"}]}}]}]}")]
    public async Task A_signed_malformed_body_is_refused_with_400_and_the_app_keeps_serving(string body)
    {
        var response = await client.SendAsync(SignedWebhooks.Meta(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task A_body_over_3_megabytes_is_refused_with_413()
    {
        var body = Encoding.UTF8.GetBytes("{\"object\":\"whatsapp_business_account\",\"padding\":\"" + new string('x', 3 * 1024 * 1024) + "\",\"entry\":[]}");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.SendAsync(SignedWebhooks.Meta(body))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    private async Task AssertNothingStoredAsync(string wamid, long deliveryId)
    {
        await using var db = factory.CreateDbContext();
        Assert.False(await db.Set<GatewayWebhookEvent>().AnyAsync(e => e.ProviderMessageId == wamid));
        Assert.False(await db.Set<DeliveryStatusEvent>().AnyAsync(e => e.ProviderMessageId == wamid));
        Assert.Equal(DeliveryStatus.Accepted, (await SignedWebhooks.DeliveryAsync(factory, deliveryId)).Status);
    }
}
