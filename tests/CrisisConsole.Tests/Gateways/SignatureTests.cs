using System.Text;
using CrisisConsole.Gateways.Signatures;

namespace CrisisConsole.Tests.Gateways;

/// <summary>The vectors of gateways.md A.4 (Twilio) and B.2 (Meta).</summary>
public sealed class SignatureTests
{
    private const string TwilioToken = "12345";
    private const string Url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private const string UrlWithPort = "https://mycompany.com:443/myapp.php?foo=1&bar=2";
    private const string SignatureWithoutPort = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
    private const string SignatureWithPort = "kvajT1Ptam85bY51eRf/AJRuM3w=";

    private static readonly KeyValuePair<string, string>[] Parameters =
    [
        new("CallSid", "CA1234567890ABCDE"),
        new("Caller", "+14158675309"),
        new("Digits", "1234"),
        new("From", "+14158675309"),
        new("To", "+18005551212"),
    ];

    [Fact]
    public void Twilio_signature_of_the_reference_request_matches_the_sdk_vector() =>
        Assert.Equal(SignatureWithoutPort, TwilioSignature.Compute(TwilioToken, Url, Parameters));

    [Fact]
    public void Twilio_signature_of_the_url_with_its_default_port_matches_the_port_vector() =>
        Assert.Equal(SignatureWithPort, TwilioSignature.Compute(TwilioToken, UrlWithPort, Parameters));

    [Fact]
    public void Twilio_signature_is_valid_whatever_order_the_parameters_arrive_in() =>
        Assert.True(TwilioSignature.IsValid(TwilioToken, Url, Enumerable.Reverse(Parameters), SignatureWithoutPort));

    [Fact]
    public void A_signature_made_with_the_port_is_accepted_for_the_url_without_it() =>
        Assert.True(TwilioSignature.IsValid(TwilioToken, Url, Parameters, SignatureWithPort));

    [Fact]
    public void A_signature_made_without_the_port_is_accepted_for_the_url_with_it() =>
        Assert.True(TwilioSignature.IsValid(TwilioToken, UrlWithPort, Parameters, SignatureWithoutPort));

    [Fact]
    public void A_connection_override_fragment_is_not_part_of_the_signed_url() =>
        Assert.True(TwilioSignature.IsValid(TwilioToken, Url + "#rc=3&rp=all", Parameters, SignatureWithoutPort));

    [Fact]
    public void Twilio_signature_fails_for_a_changed_parameter() =>
        Assert.False(TwilioSignature.IsValid(TwilioToken, Url, [.. Parameters[..4], new("To", "+18005551213")], SignatureWithoutPort));

    [Fact]
    public void Twilio_signature_fails_for_an_added_parameter() =>
        Assert.False(TwilioSignature.IsValid(TwilioToken, Url, [.. Parameters, new("Extra", "1")], SignatureWithoutPort));

    [Fact]
    public void Twilio_signature_fails_with_another_token() =>
        Assert.False(TwilioSignature.IsValid("54321", Url, Parameters, SignatureWithoutPort));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 at all")]
    public void Twilio_signature_fails_when_missing_or_garbage(string? signature) =>
        Assert.False(TwilioSignature.IsValid(TwilioToken, Url, Parameters, signature));

    [Fact]
    public void Twilio_json_body_signature_matches_the_body_hash_vector()
    {
        const string url = Url + "&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
        var body = Encoding.UTF8.GetBytes("{\"property\": \"value\", \"boolean\": true}");
        Assert.Equal("a9nBmqA0ju/hNViExpshrM61xv4=", TwilioSignature.Compute(TwilioToken, url, []));
        Assert.True(TwilioJsonBodySignature.IsValid(TwilioToken, url, body, "a9nBmqA0ju/hNViExpshrM61xv4="));
    }

    [Fact]
    public void Twilio_json_body_signature_fails_when_the_body_does_not_match_its_hash()
    {
        const string url = Url + "&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
        var tampered = Encoding.UTF8.GetBytes("{\"property\": \"other\", \"boolean\": true}");
        Assert.False(TwilioJsonBodySignature.IsValid(TwilioToken, url, tampered, "a9nBmqA0ju/hNViExpshrM61xv4="));
    }

    [Fact]
    public void Twilio_json_body_signature_fails_without_a_body_hash_in_the_url()
    {
        var body = Encoding.UTF8.GetBytes("{}");
        Assert.False(TwilioJsonBodySignature.IsValid(TwilioToken, Url, body, TwilioSignature.Compute(TwilioToken, Url, [])));
    }

    [Theory]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":[]}", "sha256=dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756")]
    [InlineData("{\"object\": \"whatsapp_business_account\", \"entry\": []}", "sha256=56cbbaf4961c6cfdae48b7f116c047e5eb513d2c931baae63a2bc1afd26f803a")]
    public void Meta_signature_matches_the_vectors(string body, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        Assert.Equal(expected, MetaSignature.Compute("test_app_secret", bytes));
        Assert.True(MetaSignature.IsValid("test_app_secret", bytes, expected));
    }

    [Fact]
    public void Meta_signature_of_compact_json_does_not_match_the_same_json_with_spaces()
    {
        var spaced = Encoding.UTF8.GetBytes("{\"object\": \"whatsapp_business_account\", \"entry\": []}");
        Assert.False(MetaSignature.IsValid("test_app_secret", spaced, "sha256=dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756")]
    [InlineData("sha1=dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756")]
    [InlineData("sha256=dec6")]
    public void Meta_signature_fails_without_the_prefix_or_at_the_wrong_length(string? header) =>
        Assert.False(MetaSignature.IsValid("test_app_secret", "{\"object\":\"whatsapp_business_account\",\"entry\":[]}"u8, header));
}
