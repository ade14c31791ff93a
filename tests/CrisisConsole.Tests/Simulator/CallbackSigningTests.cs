using System.Text;
using CrisisConsole.GatewaySimulator.Callbacks;

namespace CrisisConsole.Tests.Simulator;

/// <summary>The simulator signs with the published vectors of gateways.md (A.4, B.2).</summary>
public sealed class CallbackSigningTests
{
    private static readonly List<KeyValuePair<string, string>> VectorFields =
    [
        new("CallSid", "CA1234567890ABCDE"), new("Caller", "+14158675309"), new("Digits", "1234"), new("From", "+14158675309"), new("To", "+18005551212"),
    ];

    [Theory]
    [InlineData("https://mycompany.com/myapp.php?foo=1&bar=2")]
    [InlineData("https://mycompany.com/myapp.php?foo=1&bar=2#rc=3&rp=all")]
    public void Twilio_callbacks_reproduce_the_request_validator_vector_and_drop_the_fragment(string url)
    {
        var request = CallbackRequest.TwilioForm(CallbackKind.TwilioStatus, url, VectorFields, "12345", "CA1", null, "test");

        Assert.Equal("RSOYDt4T1cUTdK1PDd93/VVr8B8=", request.Signature);
        Assert.Equal("https://mycompany.com/myapp.php?foo=1&bar=2", request.Url);
        Assert.Equal("CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212", Encoding.UTF8.GetString(request.Body));
    }

    [Theory]
    [InlineData("""{"object":"whatsapp_business_account","entry":[]}""", "sha256=dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756")]
    [InlineData("""{"object": "whatsapp_business_account", "entry": []}""", "sha256=56cbbaf4961c6cfdae48b7f116c047e5eb513d2c931baae63a2bc1afd26f803a")]
    public void Meta_webhooks_reproduce_the_signature_vectors(string body, string expected)
    {
        var request = CallbackRequest.MetaJson(CallbackKind.MetaStatus, "https://example.org/webhooks/whatsapp", Encoding.UTF8.GetBytes(body), "test_app_secret", "m", null, "test");

        Assert.Equal(expected, request.Signature);
    }
}
