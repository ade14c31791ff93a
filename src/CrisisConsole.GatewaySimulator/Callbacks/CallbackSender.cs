using CrisisConsole.GatewaySimulator.Admin;
using CrisisConsole.GatewaySimulator.Configuration;
using CrisisConsole.GatewaySimulator.Scheduling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrisisConsole.GatewaySimulator.Callbacks;

/// <summary>
/// A bounded pool of senders draining the callback queue. A non-2xx answer or a network error is
/// retried a few times with exponential backoff, scheduled rather than slept, so one slow endpoint
/// never holds a sender.
/// </summary>
internal sealed class CallbackSender(
    CallbackQueue queue,
    SimulatorSettingsStore settings,
    SimulationScheduler scheduler,
    SimulatorCounters counters,
    TrafficLog traffic,
    TimeProvider time,
    ILogger<CallbackSender> logger) : BackgroundService
{
    private HttpClient? http;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var senders = settings.Current.Callbacks.Senders;
        http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            MaxConnectionsPerServer = senders * 2,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

        var workers = Enumerable.Range(0, senders).Select(_ => RunAsync(http, stoppingToken));
        return Task.WhenAll(workers);
    }

    public override void Dispose()
    {
        http?.Dispose();
        base.Dispose();
    }

    private async Task RunAsync(HttpClient client, CancellationToken stoppingToken)
    {
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (queue.Reader.TryRead(out var request))
                {
                    await SendAsync(client, request, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SendAsync(HttpClient client, CallbackRequest request, CancellationToken stoppingToken)
    {
        var options = settings.Current.Callbacks;
        int? status = null;
        string? failure = null;
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, request.Url)
            {
                Content = new ByteArrayContent(request.Body),
            };
            message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            message.Headers.TryAddWithoutValidation(request.SignatureHeader, request.Signature);
            message.Headers.TryAddWithoutValidation("User-Agent", request.Target == Faults.FaultTarget.Twilio ? "TwilioProxy/1.1" : "facebookexternalua");
            if (request.IdempotencyToken is not null)
            {
                message.Headers.TryAddWithoutValidation("I-Twilio-Idempotency-Token", request.IdempotencyToken);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            failure = "timed out";
        }
        catch (HttpRequestException ex)
        {
            failure = ex.HttpRequestError.ToString();
        }
        catch (InvalidOperationException ex)
        {
            // An unusable URL (relative, unknown scheme) will not get better with retries.
            failure = ex.Message;
            status = 0;
        }

        var delivered = status is >= 200 and < 300;
        traffic.Add(new TrafficEntry(time.GetUtcNow(), TrafficDirection.Callback, request.Channel, request.Kind.ToString(), status, null,
            request.Recipient, request.MessageKey, request.Attempt > 1 ? $"{request.Summary} (attempt {request.Attempt})" : request.Summary));

        if (delivered)
        {
            counters.CallbackDelivered(request.IsInbound);
        }
        else if (request.Attempt < options.MaxAttempts && status != 0 && !stoppingToken.IsCancellationRequested)
        {
            counters.CallbackRetried();
            var backoff = options.RetryBaseDelayMs * Math.Pow(2, request.Attempt - 1) * (0.75 + Random.Shared.NextDouble() / 2);
            var next = request.NextAttempt(options.SameIdempotencyTokenOnRetry);
            request.Then = null;
            scheduler.Schedule(TimeSpan.FromMilliseconds(backoff), () => queue.Write(next));
        }
        else
        {
            counters.CallbackFailed();
            CallbackLog.GaveUp(logger, request.Kind.ToString(), SafePath(request.Url), request.Attempt, status, failure);
        }

        if (request.Then is { } then)
        {
            queue.Write(then);
        }
    }

    private static string SafePath(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path) : "(invalid url)";
}

internal static partial class CallbackLog
{
    [LoggerMessage(EventId = 7200, Level = LogLevel.Warning,
        Message = "Simulator gave up on a {Kind} callback to {Url} after {Attempts} attempts (last status {Status}, error {Failure})")]
    public static partial void GaveUp(ILogger logger, string kind, string url, int attempts, int? status, string? failure);
}
