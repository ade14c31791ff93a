using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CrisisConsole.Gateways.Configuration;
using CrisisConsole.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Tests.Simulator;

public sealed class InAppSimulatorTests : IClassFixture<CrisisConsoleFactory>
{
    private readonly CrisisConsoleFactory factory;

    public InAppSimulatorTests(CrisisConsoleFactory factory) => this.factory = factory;

    [Fact]
    public async Task The_app_serves_the_twilio_simulator_to_callers_with_the_generated_credentials()
    {
        var twilio = factory.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.Twilio;
        var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/simulator/twilio/2010-04-01/Accounts/{twilio.AccountSid}/Messages.json")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["To"] = "+447700900601", ["From"] = twilio.SmsFrom!, ["Body"] = "hello" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{twilio.AccountSid}:{twilio.AuthToken}")));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task The_app_refuses_the_meta_simulator_without_the_access_token()
    {
        var meta = factory.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.WhatsAppCloud;
        var client = factory.CreateClient();

        using var response = await client.PostAsync($"/simulator/meta/v21.0/{meta.PhoneNumberId}/messages", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("190", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_simulator_admin_api_is_not_open_to_anonymous_callers()
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.PostAsync("/simulator/admin/reset", null);

        Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Redirect,
            $"expected 401 or a redirect to sign in, got {(int)response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.Contains("/account/login", response.Headers.Location!.ToString());
        }
    }
}
