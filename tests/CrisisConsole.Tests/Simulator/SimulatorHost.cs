using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CrisisConsole.GatewaySimulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CrisisConsole.Tests.Simulator;

/// <summary>
/// The standalone simulator on Kestrel 127.0.0.1:0 with fast, predictable settings (short delays, no
/// jitter, everyone on WhatsApp and reachable, recipients silent, rate limits off), and a callback
/// receiver standing in for the app. Each test starts its own pair, so no state is shared.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "test-auth-token";
    public const string AccessToken = "EAAGtest-access-token";
    public const string AppSecret = "test-app-secret";
    public const string PhoneNumberId = "106540352242922";
    public const string SmsFrom = "+15005550006";
    public const string WhatsAppFrom = "+14155238886";

    private WebApplication? app;

    public CallbackReceiver Receiver { get; } = new();

    public string BaseUrl { get; private set; } = "";

    public HttpClient Http { get; } = new();

    /// <summary>Settings applied on top of the fast defaults, before start.</summary>
    public Dictionary<string, string?> Settings { get; } = new();

    public string TwilioMessagesUrl => $"{BaseUrl}/twilio/2010-04-01/Accounts/{AccountSid}/Messages.json";

    public string MetaMessagesUrl => $"{BaseUrl}/meta/v21.0/{PhoneNumberId}/messages";

    public string StatusCallbackUrl(string delivery) => $"{Receiver.BaseUrl}/webhooks/twilio/status?delivery={delivery}";

    public static async Task<SimulatorHost> StartAsync(Action<Dictionary<string, string?>>? configure = null)
    {
        var host = new SimulatorHost();
        configure?.Invoke(host.Settings);
        await host.InitializeAsync();
        return host;
    }

    private async Task InitializeAsync()
    {
        await Receiver.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Gateways:Twilio:AccountSid"] = AccountSid,
            ["Gateways:Twilio:AuthToken"] = AuthToken,
            ["Gateways:Twilio:SmsFrom"] = SmsFrom,
            ["Gateways:Twilio:WhatsAppFrom"] = WhatsAppFrom,
            ["Gateways:WhatsAppCloud:PhoneNumberId"] = PhoneNumberId,
            ["Gateways:WhatsAppCloud:AccessToken"] = AccessToken,
            ["Gateways:WhatsAppCloud:AppSecret"] = AppSecret,
            ["Gateways:WhatsAppCloud:VerifyToken"] = CallbackReceiver.VerifyToken,
            ["Gateways:PublicBaseUrl"] = Receiver.BaseUrl,
            ["GatewaySimulator:Twilio:QueuedToSendingMs"] = "10",
            ["GatewaySimulator:Twilio:SendingToSentMs"] = "10",
            ["GatewaySimulator:Twilio:SentToDeliveredMs"] = "10",
            ["GatewaySimulator:Twilio:DeliveredToReadMs"] = "10",
            ["GatewaySimulator:Twilio:JitterPercent"] = "0",
            ["GatewaySimulator:Meta:AcceptedToSentMs"] = "10",
            ["GatewaySimulator:Meta:SentToDeliveredMs"] = "10",
            ["GatewaySimulator:Meta:DeliveredToReadMs"] = "10",
            ["GatewaySimulator:Meta:JitterPercent"] = "0",
            ["GatewaySimulator:Recipients:Enabled"] = "false",
            ["GatewaySimulator:Recipients:NotOnWhatsAppPercent"] = "0",
            ["GatewaySimulator:Recipients:SmsUnreachablePercent"] = "0",
            ["GatewaySimulator:Recipients:ReadReceiptsPercent"] = "100",
            ["GatewaySimulator:Recipients:CooldownSeconds"] = "0",
            ["GatewaySimulator:Recipients:MinReplyDelayMs"] = "10",
            ["GatewaySimulator:Recipients:MaxReplyDelayMs"] = "20",
            ["GatewaySimulator:RateLimits:TwilioEnabled"] = "false",
            ["GatewaySimulator:RateLimits:MetaEnabled"] = "false",
            ["GatewaySimulator:Callbacks:RetryBaseDelayMs"] = "20",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        app = SimulatorProgram.Build(["--urls=http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
        });
        await app.StartAsync();
        BaseUrl = app.Urls.First().TrimEnd('/');
    }

    public IServiceProvider Services => app!.Services;

    public Task<HttpResponseMessage> SendTwilioAsync(params (string Key, string Value)[] fields) =>
        SendTwilioAsync(AccountSid, AuthToken, fields);

    public async Task<HttpResponseMessage> SendTwilioAsync(string accountSid, string authToken, params (string Key, string Value)[] fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{BaseUrl}/twilio/2010-04-01/Accounts/{accountSid}/Messages.json")
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{authToken}")));
        return await Http.SendAsync(request);
    }

    public async Task<JsonElement> GetTwilioAsync(string relativeToAccount)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{BaseUrl}/twilio/2010-04-01/Accounts/{AccountSid}/{relativeToAccount}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}")));
        using var response = await Http.SendAsync(request);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public Task<HttpResponseMessage> SendMetaAsync(string json, string accessToken = AccessToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, MetaMessagesUrl)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> AdminPostAsync(string path, object? body = null) =>
        Http.PostAsync($"{BaseUrl}/admin/{path}", body is null ? null : JsonContent.Create(body));

    public Task<HttpResponseMessage> AdminPatchSettingsAsync(object patch) =>
        Http.PatchAsync($"{BaseUrl}/admin/settings", JsonContent.Create(patch));

    public async Task<JsonElement> AdminGetAsync(string path) =>
        await Http.GetFromJsonAsync<JsonElement>($"{BaseUrl}/admin/{path}");

    /// <summary>Waits until a fetched Twilio message reaches one of the statuses.</summary>
    public async Task<JsonElement> WaitForTwilioStatusAsync(string sid, params string[] statuses)
    {
        using var timeout = new CancellationTokenSource(CallbackReceiver.Patience);
        while (true)
        {
            var message = await GetTwilioAsync($"Messages/{sid}.json");
            if (statuses.Contains(message.GetProperty("status").GetString()))
            {
                return message;
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        await Receiver.DisposeAsync();
    }
}
