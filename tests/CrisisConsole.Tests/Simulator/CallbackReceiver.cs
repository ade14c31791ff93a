using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CrisisConsole.Tests.Simulator;

/// <summary>One request the simulator made to the app: the URL as called, the headers and the exact body bytes.</summary>
public sealed record ReceivedCallback(string Path, string Url, IReadOnlyDictionary<string, string> Headers, byte[] Body, IReadOnlyList<KeyValuePair<string, string>> Form)
{
    public string? Field(string key) => Form.Where(f => f.Key == key).Select(f => f.Value).FirstOrDefault();

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A tiny stand-in for the app's webhooks on 127.0.0.1:0: records every request and answers 200
/// (or 500 for the next few, when asked). Tests wait for a condition, never for a fixed time.
/// </summary>
public sealed class CallbackReceiver : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public const string VerifyToken = "test-verify-token";

    private readonly ConcurrentQueue<ReceivedCallback> received = new();
    private readonly SemaphoreSlim arrived = new(0);
    private WebApplication? app;
    private int failuresLeft;

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<ReceivedCallback> All => [.. received];

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var bytes = body.ToArray();
            var form = new List<KeyValuePair<string, string>>();
            if (context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) == true)
            {
                foreach (var (key, value) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(bytes)))
                {
                    form.AddRange(value.Select(v => new KeyValuePair<string, string>(key, v ?? "")));
                }
            }

            var request = context.Request;
            var url = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}";
            var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            received.Enqueue(new ReceivedCallback(request.Path, url, headers, bytes, form));
            arrived.Release();
            context.Response.StatusCode = Interlocked.Decrement(ref failuresLeft) >= 0 ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK;
            if (request.Query.TryGetValue("hub.challenge", out var challenge))
            {
                // Meta's handshake: echo the challenge when the verify token is the expected one.
                var valid = request.Query["hub.verify_token"] == VerifyToken;
                context.Response.StatusCode = valid ? StatusCodes.Status200OK : StatusCodes.Status403Forbidden;
                if (valid)
                {
                    await context.Response.WriteAsync(challenge.ToString());
                }
            }
        });
        await app.StartAsync();
        BaseUrl = app.Urls.First().TrimEnd('/');
    }

    /// <summary>The next <paramref name="count"/> requests get a 500.</summary>
    public void FailNext(int count) => Volatile.Write(ref failuresLeft, count);

    public Task<ReceivedCallback> WaitForAsync(Func<ReceivedCallback, bool> match) => WaitForCountAsync(match, 1).ContinueWith(t => t.Result[0], TaskScheduler.Default);

    /// <summary>Waits until at least <paramref name="count"/> matching requests have arrived.</summary>
    public async Task<IReadOnlyList<ReceivedCallback>> WaitForCountAsync(Func<ReceivedCallback, bool> match, int count)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var matches = received.Where(match).ToList();
            if (matches.Count >= count)
            {
                return matches;
            }

            try
            {
                await arrived.WaitAsync(TimeSpan.FromMilliseconds(200), timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected {count} matching callbacks within {Patience.TotalSeconds} s; got {matches.Count} of {received.Count} received.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
