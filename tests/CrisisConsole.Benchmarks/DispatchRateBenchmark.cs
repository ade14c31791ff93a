using System.Net.Http.Headers;
using System.Text;
using CrisisConsole.Gateways.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Benchmarks;

/// <summary>
/// Target: >= 2,000 messages/s through the real HTTP client to the simulator, and >= 50% of what a bare
/// load generator gets from the same simulator with the same requests. Both sides post Twilio
/// Messages.json creates (with a status callback, so the simulator does the same work) with the same
/// number in flight.
/// </summary>
internal static class DispatchRateBenchmark
{
    public static async Task<(Measurement Bare, Measurement Client)> RunAsync(int messages, int concurrency)
    {
        await using var host = await BenchmarkHost.StartAsync();
        var twilio = host.Gateways.Twilio;
        var createPath = $"/simulator/twilio/2010-04-01/Accounts/{twilio.AccountSid}/Messages.json";
        var callback = host.PublicBaseUrl + "/webhooks/twilio/status";

        using var bareClient = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(host.BaseUrl) };
        bareClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.ASCII.GetBytes($"{twilio.AccountSid}:{twilio.AuthToken}")));

        Task<bool> BarePost(int i) => PostBareAsync(bareClient, createPath, twilio.SmsFrom!, Recipient(i), callback, i);
        var gateway = host.Services.GetServices<IMessageGateway>().Single(g => g.Provider == GatewayProvider.TwilioSms);
        async Task<bool> ClientSend(int i)
        {
            var result = await gateway.SendAsync(new OutboundMessage
            {
                To = Recipient(i),
                Text = "Flood warning: move to higher ground now. Reply 1 if safe, 2 if you need help.",
                CorrelationId = i.ToString(),
            }, CancellationToken.None);
            return result is SendResult.Accepted;
        }

        await Load.RunAsync("warm-up bare", 500, concurrency, BarePost);
        await Load.RunAsync("warm-up client", 500, concurrency, ClientSend);

        var bare = await Load.RunAsync("Bare load generator -> simulator", messages, concurrency, BarePost);
        var client = await Load.RunAsync("Real Twilio client -> simulator", messages, concurrency, ClientSend);
        return (bare, client);
    }

    private static string Recipient(int i) => "+4477009" + (i % 100_000).ToString("00000");

    private static async Task<bool> PostBareAsync(HttpClient client, string path, string from, string to, string callback, int i)
    {
        using var content = new FormUrlEncodedContent(
        [
            new("To", to),
            new("From", from),
            new("Body", "Flood warning: move to higher ground now. Reply 1 if safe, 2 if you need help."),
            new("StatusCallback", $"{callback}?delivery={i}"),
        ]);
        using var response = await client.PostAsync(path, content);
        return response.IsSuccessStatusCode;
    }
}
