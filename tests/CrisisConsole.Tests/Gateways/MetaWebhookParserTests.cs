using System.Text;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Webhooks;

namespace CrisisConsole.Tests.Gateways;

public sealed class MetaWebhookParserTests
{
    [Fact]
    public void A_sent_status_with_pricing_and_our_correlation_id_becomes_a_status_event()
    {
        var result = Parse(Envelope("""
            "statuses":[{"id":"wamid.HBgL1","status":"sent","timestamp":"1750857384","recipient_id":"15550002222",
              "biz_opaque_callback_data":"42","pricing":{"billable":true,"pricing_model":"PMP","category":"utility","type":"regular"},
              "conversation":{"id":"c1"},"recipient_user_id":"US.1349"}]
            """));

        var status = Assert.IsType<StatusEvent>(Assert.Single(result.Events));
        Assert.Equal(GatewayProvider.MetaWhatsApp, status.Provider);
        Assert.Equal("wamid.HBgL1", status.ProviderMessageId);
        Assert.Equal(DeliveryStatus.Sent, status.Status);
        Assert.Equal("42", status.CorrelationId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1750857384), status.OccurredAt);
        Assert.Equal("sent", status.DedupeKey);
    }

    [Fact]
    public void A_failed_status_carries_the_first_error()
    {
        var result = Parse(Envelope("""
            "statuses":[{"id":"wamid.HBgL2","status":"failed","timestamp":"1750857384","recipient_id":"15550002222",
              "errors":[{"code":131047,"title":"Re-engagement message","message":"Re-engagement message",
                "error_data":{"details":"More than 24 hours have passed since the recipient last replied to the sender number."},
                "href":"/documentation/business-messaging/whatsapp/support/error-codes"}]}]
            """));

        var status = (StatusEvent)result.Events[0];
        Assert.Equal(DeliveryStatus.Failed, status.Status);
        Assert.Equal("131047", status.ErrorCode);
        Assert.StartsWith("More than 24 hours", status.ErrorReason);
    }

    [Fact]
    public void Every_entry_change_and_status_of_a_batch_is_read()
    {
        var body = """
            {"object":"whatsapp_business_account","entry":[
              {"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","statuses":[
                {"id":"wamid.A","status":"sent","timestamp":"1"},{"id":"wamid.A","status":"delivered","timestamp":"2"}]}},
                {"field":"message_template_status_update","value":{"event":"APPROVED"}}]},
              {"id":"2","changes":[{"field":"messages","value":{"statuses":[{"id":"wamid.B","status":"played","timestamp":"3"}]}}]}]}
            """;
        var statuses = Parse(body).Events.Cast<StatusEvent>().ToList();
        Assert.Equal(["wamid.A", "wamid.A", "wamid.B"], statuses.Select(s => s.ProviderMessageId));
        Assert.Equal(DeliveryStatus.Read, statuses[2].Status);
    }

    [Fact]
    public void An_inbound_text_takes_the_profile_name_from_contacts()
    {
        var result = Parse(Envelope("""
            "contacts":[{"profile":{"name":"Karim"},"wa_id":"16505551234"}],
            "messages":[{"from":"16505551234","id":"wamid.T","timestamp":"1749416383","type":"text","text":{"body":"Je suis en sécurité"}}]
            """));

        var inbound = Assert.IsType<InboundEvent>(Assert.Single(result.Events));
        Assert.Equal(InboundKind.Text, inbound.Kind);
        Assert.Equal("+16505551234", inbound.From);
        Assert.Equal("Karim", inbound.ProfileName);
        Assert.Equal("106540352242922", inbound.To);
        Assert.Equal("Je suis en sécurité", inbound.Text);
    }

    [Fact]
    public void A_template_quick_reply_keeps_its_payload_and_context()
    {
        var inbound = ParseOne("""
            {"context":{"from":"15550783881","id":"wamid.ORIGINAL"},"from":"16505551234","id":"wamid.BTN","timestamp":"1749416383",
             "type":"button","button":{"payload":"SAFE","text":"I am safe"}}
            """);
        Assert.Equal(InboundKind.Button, inbound.Kind);
        Assert.Equal("SAFE", inbound.ButtonPayload);
        Assert.Equal("I am safe", inbound.ButtonText);
        Assert.Equal("wamid.ORIGINAL", inbound.ReplyToProviderMessageId);
    }

    [Fact]
    public void An_interactive_button_reply_is_a_button_event()
    {
        // The example of gateways.md B.2.
        var inbound = ParseOne("""
            {"context":{"from":"15550783881","id":"wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA="},
             "from":"16505551234","id":"wamid.ID","timestamp":"1749416383","type":"interactive",
             "interactive":{"type":"button_reply","button_reply":{"id":"slot-change","title":"Change"}}}
            """);
        Assert.Equal(InboundKind.Button, inbound.Kind);
        Assert.Equal("slot-change", inbound.ButtonPayload);
        Assert.Equal("Change", inbound.ButtonText);
        Assert.Equal("wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=", inbound.ReplyToProviderMessageId);
    }

    [Fact]
    public void A_list_reply_is_a_button_event()
    {
        var inbound = ParseOne("""
            {"from":"16505551234","id":"wamid.L","timestamp":"1","type":"interactive",
             "interactive":{"type":"list_reply","list_reply":{"id":"need-water","title":"Water","description":"Drinking water"}}}
            """);
        Assert.Equal("need-water", inbound.ButtonPayload);
    }

    [Fact]
    public void A_location_is_read_as_numbers()
    {
        var inbound = ParseOne("""
            {"from":"16505551234","id":"wamid.LOC","timestamp":"1","type":"location",
             "location":{"latitude":37.4421,"longitude":-122.1615,"name":"Philz Coffee","address":"101 Forest Ave"}}
            """);
        Assert.Equal(InboundKind.Location, inbound.Kind);
        Assert.Equal(37.4421, inbound.Latitude);
        Assert.Equal(-122.1615, inbound.Longitude);
        Assert.Equal("101 Forest Ave", inbound.LocationAddress);
    }

    [Fact]
    public void An_image_keeps_its_media_metadata_and_caption()
    {
        var inbound = ParseOne("""
            {"from":"16505551234","id":"wamid.IMG","timestamp":"1","type":"image",
             "image":{"id":"1479537139650973","mime_type":"image/jpeg","sha256":"abc","caption":"Road blocked"}}
            """);
        Assert.Equal(InboundKind.Media, inbound.Kind);
        Assert.Equal(new InboundMedia("image/jpeg", null, "1479537139650973", "Road blocked"), Assert.Single(inbound.Media));
        Assert.Equal("Road blocked", inbound.Text);
    }

    [Fact]
    public void A_reaction_points_at_the_message_it_reacts_to()
    {
        var inbound = ParseOne("""{"from":"16505551234","id":"wamid.R","timestamp":"1","type":"reaction","reaction":{"message_id":"wamid.OURS","emoji":"👍"}}""");
        Assert.Equal(InboundKind.Reaction, inbound.Kind);
        Assert.Equal("wamid.OURS", inbound.ReplyToProviderMessageId);
        Assert.Equal("👍", inbound.Text);
    }

    [Fact]
    public void An_unsupported_message_keeps_its_error_code()
    {
        var inbound = ParseOne("""
            {"from":"16505551234","id":"wamid.U","timestamp":"1","type":"unsupported",
             "errors":[{"code":131051,"title":"Message type unknown","message":"Message type unknown"}]}
            """);
        Assert.Equal(InboundKind.Unsupported, inbound.Kind);
        Assert.Equal("131051", inbound.ErrorCode);
    }

    [Fact]
    public void An_unknown_message_type_is_kept_as_other()
    {
        var inbound = ParseOne("""{"from":"16505551234","id":"wamid.O","timestamp":"1","type":"order","order":{"catalog_id":"1"},"new_field":[1,2]}""");
        Assert.Equal(InboundKind.Other, inbound.Kind);
    }

    [Fact]
    public void Value_level_errors_become_platform_error_events()
    {
        var result = Parse(Envelope("""
            "errors":[{"code":130429,"title":"Rate limit hit","message":"(#130429) Rate limit hit","error_data":{"details":"Cloud API message throughput has been reached."}}]
            """));
        var error = Assert.IsType<PlatformErrorEvent>(Assert.Single(result.Events));
        Assert.Equal("130429", error.Code);
        Assert.Equal("Rate limit hit", error.Title);
    }

    [Fact]
    public void Another_object_type_is_accepted_with_nothing_in_it()
    {
        var result = Parse("""{"object":"page","entry":[{"id":"1","changes":[]}]}""");
        Assert.True(result.Succeeded);
        Assert.Empty(result.Events);
    }

    [Fact]
    public void An_empty_entry_list_is_accepted() =>
        Assert.True(Parse("""{"object":"whatsapp_business_account","entry":[]}""").Succeeded);

    [Theory]
    [InlineData("not json", "The body is not valid JSON.")]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":[", "The body is not valid JSON.")]
    [InlineData("[]", "The body is not a JSON object.")]
    [InlineData("{\"entry\":[]}", "\"object\" is missing.")]
    [InlineData("{\"object\":\"whatsapp_business_account\"}", "\"entry\" is missing or not an array.")]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":{}}", "\"entry\" is missing or not an array.")]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\"}]}", "An entry has no \"changes\" array.")]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\"}]}]}", "A \"messages\" change has no \"value\" object.")]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"statuses\":{}}}]}]}", "\"statuses\" is not an array.")]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"statuses\":[{\"status\":\"sent\"}]}}]}]}", "A status has no valid \"id\".")]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"statuses\":[{\"id\":\"w\",\"status\":7}]}}]}]}", "A status has no valid \"status\".")]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"messages\":[{\"id\":\"w\",\"type\":\"text\"}]}}]}]}", "A message has no valid \"from\".")]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"messages\":[{\"id\":\"w\",\"from\":\"1\",\"type\":\"location\",\"location\":{\"latitude\":\"x\"}}]}}]}]}", "A location message has no valid latitude and longitude.")]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"messages\":[{\"id\":\"w\",\"from\":\"1\",\"type\":\"button\"}]}}]}]}", "A button message has no \"button\" object.")]
    public void A_malformed_body_is_a_parse_error_naming_the_problem(string body, string error)
    {
        var result = Parse(body);
        Assert.False(result.Succeeded);
        Assert.Equal(error, result.Error);
        Assert.Empty(result.Events);
    }

    [Fact]
    public void A_deeply_nested_body_is_a_parse_error_not_a_crash() =>
        Assert.False(Parse(new string('[', 10_000) + new string(']', 10_000)).Succeeded);

    private static InboundEvent ParseOne(string message) =>
        Assert.IsType<InboundEvent>(Assert.Single(Parse(Envelope($"\"messages\":[{message}]")).Events));

    private static WebhookParseResult Parse(string body) => MetaWebhookParser.Parse(Encoding.UTF8.GetBytes(body));

    private static string Envelope(string valueFields) =>
        """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{
          "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
        """ + valueFields + "}}]}]}";
}
