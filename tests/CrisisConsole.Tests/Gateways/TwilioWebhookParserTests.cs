using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Webhooks;

namespace CrisisConsole.Tests.Gateways;

public sealed class TwilioWebhookParserTests
{
    private const string Sid = "SM1342fe1b2c904d1ab04f0fc7a58abca9";

    [Fact]
    public void An_sms_status_callback_becomes_a_status_event()
    {
        var result = TwilioWebhookParser.ParseStatus(Form(
            ("AccountSid", "AC" + new string('a', 32)), ("From", "+15017250604"), ("To", "+15558675310"), ("MessageSid", Sid),
            ("MessageStatus", "sent"), ("SmsSid", Sid), ("SmsStatus", "sent"), ("ApiVersion", "2010-04-01")), "42");

        var status = Assert.IsType<StatusEvent>(Assert.Single(result.Events));
        Assert.Equal(GatewayProvider.TwilioSms, status.Provider);
        Assert.Equal(Sid, status.ProviderMessageId);
        Assert.Equal(DeliveryStatus.Sent, status.Status);
        Assert.Equal("42", status.CorrelationId);
        Assert.Null(status.ErrorCode);
    }

    [Fact]
    public void A_whatsapp_read_receipt_keeps_its_event_type_in_the_dedupe_key()
    {
        // Observed raw body, decoded (gateways.md A.2).
        var result = TwilioWebhookParser.ParseStatus(Form(
            ("EventType", "READ"), ("SmsSid", Sid), ("SmsStatus", "read"), ("MessageStatus", "read"), ("ChannelToAddress", "+9184"),
            ("To", "whatsapp:+918400000000"), ("ChannelPrefix", "whatsapp"), ("MessageSid", Sid), ("AccountSid", "ACd2"),
            ("From", "whatsapp:+14155238886"), ("ApiVersion", "2010-04-01")));

        var status = Assert.IsType<StatusEvent>(Assert.Single(result.Events));
        Assert.Equal(GatewayProvider.TwilioWhatsApp, status.Provider);
        Assert.Equal(DeliveryStatus.Read, status.Status);
        Assert.Equal("read|READ|", status.DedupeKey);
    }

    [Fact]
    public void A_failed_callback_carries_its_error_code_and_message()
    {
        var result = TwilioWebhookParser.ParseStatus(Form(("MessageSid", Sid), ("MessageStatus", "undelivered"), ("ErrorCode", "30003"),
            ("ErrorMessage", "Unreachable destination handset")));

        var status = Assert.IsType<StatusEvent>(Assert.Single(result.Events));
        Assert.Equal(DeliveryStatus.Undelivered, status.Status);
        Assert.Equal("30003", status.ErrorCode);
        Assert.Equal("Unreachable destination handset", status.ErrorReason);
        Assert.Equal("undelivered||30003", status.DedupeKey);
    }

    [Fact]
    public void A_failed_callback_without_a_message_gets_a_reason_from_the_code()
    {
        var status = (StatusEvent)TwilioWebhookParser.ParseStatus(Form(("MessageSid", Sid), ("MessageStatus", "failed"), ("ErrorCode", "63016"))).Events[0];
        Assert.Contains("63016", status.ErrorReason);
        Assert.Contains("WindowClosed", status.ErrorReason);
    }

    [Fact]
    public void Legacy_sms_fields_are_enough()
    {
        var status = (StatusEvent)TwilioWebhookParser.ParseStatus(Form(("SmsSid", Sid), ("SmsStatus", "delivered"))).Events[0];
        Assert.Equal(DeliveryStatus.Delivered, status.Status);
    }

    [Fact]
    public void A_status_word_that_is_not_progress_is_kept_without_a_status()
    {
        var status = (StatusEvent)TwilioWebhookParser.ParseStatus(Form(("MessageSid", Sid), ("MessageStatus", "canceled"))).Events[0];
        Assert.Null(status.Status);
        Assert.Equal("canceled", status.RawStatus);
    }

    [Fact]
    public void Unknown_fields_are_ignored()
    {
        var result = TwilioWebhookParser.ParseStatus(Form(("MessageSid", Sid), ("MessageStatus", "sent"), ("BrandNewField", "{\"x\":1}"), ("RawDlrDoneDate", "2611210930")));
        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData("MessageStatus", "sent", "MessageSid is missing.")]
    [InlineData("MessageSid", Sid, "MessageStatus is missing.")]
    public void A_callback_missing_a_required_field_is_a_parse_error(string key, string value, string error)
    {
        var result = TwilioWebhookParser.ParseStatus(Form((key, value)));
        Assert.False(result.Succeeded);
        Assert.Equal(error, result.Error);
        Assert.Empty(result.Events);
    }

    [Theory]
    [InlineData("MessageSid", "SM 1; DROP TABLE")]
    [InlineData("ErrorCode", "thirty")]
    public void Garbage_in_a_field_is_a_parse_error(string key, string value)
    {
        var fields = new Dictionary<string, string> { ["MessageSid"] = Sid, ["MessageStatus"] = "failed", [key] = value };
        Assert.False(TwilioWebhookParser.ParseStatus(fields).Succeeded);
    }

    [Fact]
    public void An_inbound_sms_becomes_a_text_event_with_a_normalised_sender()
    {
        var result = TwilioWebhookParser.ParseInbound(Form(("MessageSid", Sid), ("From", "+447700900123"), ("To", "+15005550006"),
            ("Body", "SAFE"), ("NumMedia", "0"), ("NumSegments", "1"), ("SmsStatus", "received")));

        var inbound = Assert.IsType<InboundEvent>(Assert.Single(result.Events));
        Assert.Equal(MessageChannel.Sms, inbound.Channel);
        Assert.Equal(InboundKind.Text, inbound.Kind);
        Assert.Equal("+447700900123", inbound.From);
        Assert.Equal("SAFE", inbound.Text);
    }

    [Fact]
    public void A_whatsapp_quick_reply_keeps_its_payload_and_the_message_it_answers()
    {
        // Observed quick-reply inbound (gateways.md A.3).
        var result = TwilioWebhookParser.ParseInbound(Form(("MessageType", "interactive"), ("ButtonText", "I am safe"), ("ButtonPayload", "SAFE"),
            ("OriginalRepliedMessageSid", "MM5cc4" + new string('0', 28)), ("OriginalRepliedMessageSender", "whatsapp:+14155238886"),
            ("ProfileName", "Amina"), ("WaId", "6285176810035"), ("Forwarded", "false"), ("ChannelMetadata", "{\"type\":\"whatsapp\"}"),
            ("SmsStatus", "received"), ("NumMedia", "0"), ("From", "whatsapp:+6285176810035"), ("To", "whatsapp:+14155238886"), ("MessageSid", Sid)));

        var inbound = Assert.IsType<InboundEvent>(Assert.Single(result.Events));
        Assert.Equal(GatewayProvider.TwilioWhatsApp, inbound.Provider);
        Assert.Equal(InboundKind.Button, inbound.Kind);
        Assert.Equal("SAFE", inbound.ButtonPayload);
        Assert.Equal("I am safe", inbound.ButtonText);
        Assert.Equal("MM5cc4" + new string('0', 28), inbound.ReplyToProviderMessageId);
        Assert.Equal("+6285176810035", inbound.From);
        Assert.Equal("+14155238886", inbound.To);
        Assert.Equal("Amina", inbound.ProfileName);
        Assert.Equal("6285176810035", inbound.WaId);
    }

    [Fact]
    public void A_shared_location_is_read_with_its_label()
    {
        var inbound = (InboundEvent)TwilioWebhookParser.ParseInbound(Form(("MessageSid", Sid), ("From", "whatsapp:+33612345678"),
            ("Latitude", "48.8584"), ("Longitude", "2.2945"), ("Label", "Tour Eiffel"), ("Address", "Champ de Mars"))).Events[0];
        Assert.Equal(InboundKind.Location, inbound.Kind);
        Assert.Equal(48.8584, inbound.Latitude);
        Assert.Equal(2.2945, inbound.Longitude);
        Assert.Equal("Tour Eiffel", inbound.LocationName);
    }

    [Fact]
    public void Media_are_read_by_index_up_to_num_media()
    {
        var inbound = (InboundEvent)TwilioWebhookParser.ParseInbound(Form(("MessageSid", Sid), ("From", "+447700900123"), ("NumMedia", "2"),
            ("MediaUrl0", "https://api.twilio.com/m/0"), ("MediaContentType0", "image/jpeg"),
            ("MediaUrl1", "https://api.twilio.com/m/1"), ("MediaContentType1", "image/png"),
            ("MediaUrl2", "https://api.twilio.com/m/2"))).Events[0];
        Assert.Equal(InboundKind.Media, inbound.Kind);
        Assert.Equal(2, inbound.Media.Count);
        Assert.Equal(new InboundMedia("image/png", "https://api.twilio.com/m/1", null, null), inbound.Media[1]);
    }

    [Theory]
    [InlineData("Latitude", "north")]
    [InlineData("Latitude", "91")]
    [InlineData("Longitude", "NaN")]
    public void A_bad_coordinate_is_a_parse_error(string key, string value)
    {
        var fields = new Dictionary<string, string> { ["MessageSid"] = Sid, ["From"] = "+447700900123", ["Latitude"] = "1", ["Longitude"] = "2", [key] = value };
        Assert.False(TwilioWebhookParser.ParseInbound(fields).Succeeded);
    }

    [Fact]
    public void Half_a_location_is_a_parse_error() =>
        Assert.False(TwilioWebhookParser.ParseInbound(Form(("MessageSid", Sid), ("From", "+447700900123"), ("Latitude", "1"))).Succeeded);

    [Fact]
    public void An_inbound_without_a_sender_is_a_parse_error() =>
        Assert.Equal("From is missing.", TwilioWebhookParser.ParseInbound(Form(("MessageSid", Sid), ("Body", "hi"))).Error);

    [Fact]
    public void An_empty_form_is_a_parse_error() =>
        Assert.False(TwilioWebhookParser.ParseInbound(new Dictionary<string, string>()).Succeeded);

    private static Dictionary<string, string> Form(params (string Key, string Value)[] fields) =>
        fields.ToDictionary(f => f.Key, f => f.Value);
}
