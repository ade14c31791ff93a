using CrisisConsole.Gateways.Configuration;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Gateways;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Tests.Gateways;

public sealed class GatewayOptionsValidationTests
{
    private static readonly GatewayOptions CompleteLive = new()
    {
        Mode = GatewayMode.Live,
        PublicBaseUrl = "https://console.example.org",
        Twilio = new TwilioOptions { AccountSid = "AC" + new string('1', 32), AuthToken = "token", SmsFrom = "+15005550006" },
    };

    [Fact]
    public void Complete_live_settings_pass() =>
        Assert.True(new GatewayOptionsValidator().Validate(null, CompleteLive).Succeeded);

    [Fact]
    public void Live_mode_names_every_missing_key()
    {
        var result = new GatewayOptionsValidator().Validate(null, new GatewayOptions { Mode = GatewayMode.Live });

        Assert.Contains("Gateways:Twilio:AuthToken is required when Gateways:Mode is Live.", result.Failures!);
        Assert.Contains("Gateways:Twilio:AccountSid is required when Gateways:Mode is Live.", result.Failures!);
        Assert.Contains("Gateways:PublicBaseUrl is required when Gateways:Mode is Live.", result.Failures!);
        Assert.Contains(result.Failures!, f => f.StartsWith("Gateways:Twilio:SmsFrom or", StringComparison.Ordinal));
    }

    [Fact]
    public void A_partly_configured_whatsapp_cloud_section_names_the_rest()
    {
        var options = Copy(CompleteLive);
        options.WhatsAppCloud.PhoneNumberId = "106540352242922";

        var result = new GatewayOptionsValidator().Validate(null, options);

        Assert.Contains("Gateways:WhatsAppCloud:AppSecret is required when Gateways:Mode is Live.", result.Failures!);
        Assert.DoesNotContain(result.Failures!, f => f.Contains("PhoneNumberId"));
    }

    [Fact]
    public void A_relative_public_url_is_refused_in_any_mode()
    {
        var result = new GatewayOptionsValidator().Validate(null, new GatewayOptions { PublicBaseUrl = "console.example.org" });
        Assert.Contains("Gateways:PublicBaseUrl must be an absolute http or https URL.", result.Failures!);
    }

    [Fact]
    public void Simulator_mode_needs_no_secrets() =>
        Assert.True(new GatewayOptionsValidator().Validate(null, new GatewayOptions()).Succeeded);

    [Fact]
    public void The_app_refuses_to_start_in_live_mode_without_an_auth_token()
    {
        using var factory = new CrisisConsoleFactory();
        factory.Settings["Gateways:Mode"] = "Live";
        factory.Settings["Gateways:Twilio:AuthToken"] = null;

        var exception = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(exception);
        Assert.Contains("Gateways:Twilio:AuthToken is required when Gateways:Mode is Live", exception.ToString());
    }

    [Fact]
    public void Simulator_mode_generates_the_missing_secrets_and_registers_all_three_gateways()
    {
        using var factory = new CrisisConsoleFactory();
        var options = factory.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;

        Assert.StartsWith("AC", options.Twilio.AccountSid);
        Assert.False(string.IsNullOrEmpty(options.WhatsAppCloud.AccessToken));
        Assert.Equal(CrisisConsoleFactory.TwilioAuthToken, options.Twilio.AuthToken);
        var gateways = factory.Services.GetServices<IMessageGateway>().Select(g => g.Provider).Order();
        Assert.Equal([GatewayProvider.TwilioSms, GatewayProvider.TwilioWhatsApp, GatewayProvider.MetaWhatsApp], gateways);
    }

    private static GatewayOptions Copy(GatewayOptions source) => new()
    {
        Mode = source.Mode,
        PublicBaseUrl = source.PublicBaseUrl,
        Twilio = new TwilioOptions { AccountSid = source.Twilio.AccountSid, AuthToken = source.Twilio.AuthToken, SmsFrom = source.Twilio.SmsFrom },
    };
}
