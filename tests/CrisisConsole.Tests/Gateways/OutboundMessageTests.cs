using CrisisConsole.Gateways.Messaging;

namespace CrisisConsole.Tests.Gateways;

public sealed class OutboundMessageTests
{
    private static readonly OutboundMessage Text = new() { To = "+447700900123", Text = "Are you safe?" };

    [Theory]
    [InlineData(GatewayProvider.TwilioSms)]
    [InlineData(GatewayProvider.TwilioWhatsApp)]
    [InlineData(GatewayProvider.MetaWhatsApp)]
    public void A_plain_text_message_is_valid_everywhere(GatewayProvider provider) =>
        Assert.Empty(Text.Validate(provider));

    [Theory]
    [InlineData("+44 7700 900123")]
    [InlineData("07700900123")]
    [InlineData("whatsapp:+447700900123")]
    public void The_recipient_must_already_be_normalised(string to) =>
        Assert.Contains((Text with { To = to }).Validate(GatewayProvider.TwilioSms), p => p.Contains("E.164"));

    [Fact]
    public void Sms_needs_text_even_with_a_template()
    {
        var message = Text with { Text = null, TwilioContent = new TwilioContentTemplate("HX" + new string('a', 32)) };
        Assert.NotEmpty(message.Validate(GatewayProvider.TwilioSms));
        Assert.Empty(message.Validate(GatewayProvider.TwilioWhatsApp));
    }

    [Fact]
    public void Three_buttons_are_allowed_and_four_are_not()
    {
        var three = Text with { QuickReplies = [new("A", "One"), new("B", "Two"), new("C", "Three")] };
        Assert.Empty(three.Validate(GatewayProvider.MetaWhatsApp));
        var four = three with { QuickReplies = [.. three.QuickReplies, new("D", "Four")] };
        Assert.Contains(four.Validate(GatewayProvider.MetaWhatsApp), p => p.Contains("At most 3"));
    }

    [Fact]
    public void A_button_title_longer_than_20_characters_is_refused()
    {
        Assert.Empty((Text with { QuickReplies = [new("SAFE", new string('x', 20))] }).Validate(GatewayProvider.MetaWhatsApp));
        Assert.Contains((Text with { QuickReplies = [new("SAFE", new string('x', 21))] }).Validate(GatewayProvider.MetaWhatsApp),
            p => p.Contains("longer than 20"));
    }

    [Fact]
    public void Button_titles_and_ids_must_be_unique_and_present()
    {
        var problems = (Text with { QuickReplies = [new("SAFE", "Safe"), new("SAFE", "Safe"), new("", " ")] }).Validate(GatewayProvider.MetaWhatsApp);
        Assert.Contains(problems, p => p.Contains("title 'Safe' is used twice"));
        Assert.Contains(problems, p => p.Contains("id 'SAFE' is used twice"));
        Assert.Contains(problems, p => p.Contains("no title"));
        Assert.Contains(problems, p => p.Contains("no id"));
    }

    [Fact]
    public void Interactive_text_is_limited_to_1024_characters()
    {
        var message = Text with { Text = new string('a', 1025), QuickReplies = [new("SAFE", "Safe")] };
        Assert.NotEmpty(message.Validate(GatewayProvider.MetaWhatsApp));
        Assert.Empty((message with { QuickReplies = [] }).Validate(GatewayProvider.MetaWhatsApp));
    }

    [Fact]
    public void Twilio_body_is_limited_to_1600_characters() =>
        Assert.NotEmpty((Text with { Text = new string('a', 1601) }).Validate(GatewayProvider.TwilioSms));

    [Fact]
    public void A_content_sid_must_have_twilio_shape() =>
        Assert.Contains((Text with { TwilioContent = new TwilioContentTemplate("HX123") }).Validate(GatewayProvider.TwilioWhatsApp),
            p => p.Contains("ContentSid"));

    [Fact]
    public void A_meta_template_needs_a_name_a_language_and_no_empty_parameter()
    {
        var problems = (Text with { MetaTemplate = new MetaMessageTemplate("", "", ["x", ""]) }).Validate(GatewayProvider.MetaWhatsApp);
        Assert.Equal(3, problems.Count);
    }

    [Fact]
    public void A_correlation_id_over_512_characters_is_refused() =>
        Assert.NotEmpty((Text with { CorrelationId = new string('1', 513) }).Validate(GatewayProvider.MetaWhatsApp));
}
