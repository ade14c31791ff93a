using System.Net;
using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Retries;

namespace CrisisConsole.Gateways.Http;

/// <summary>
/// Sends one request and sorts transport trouble into the result classes: a connection that could not
/// be made is a transient failure (nothing was sent); a time-out or a connection lost after the request
/// went out is an unknown outcome (the provider may have created the message).
/// </summary>
internal static class HttpSendAttempt
{
    public static async Task<SendAttempt> RunAsync(
        HttpClient http,
        HttpRequestMessage request,
        Func<HttpStatusCode, HttpResponseMessage, string, SendAttempt> interpret,
        CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(new SendResult.OutcomeUnknown("No answer from the provider within the time-out."));
        }
        catch (HttpRequestException exception) when (NothingWasSent(exception))
        {
            return new(new SendResult.TransientFailure(null, "connect_failed", "Could not connect to the provider: " + exception.HttpRequestError + "."));
        }
        catch (HttpRequestException exception)
        {
            return new(new SendResult.OutcomeUnknown("The connection was lost after the request was sent (" + exception.HttpRequestError + ")."));
        }

        using (response)
        {
            string body;
            try
            {
                body = await response.Content.ReadAsStringAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException ||
                                              (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return new(new SendResult.OutcomeUnknown($"The provider answered {(int)response.StatusCode} but the connection was lost while reading the answer."));
            }

            return interpret(response.StatusCode, response, body);
        }
    }

    private static bool NothingWasSent(HttpRequestException exception) => exception.HttpRequestError is
        HttpRequestError.NameResolutionError or
        HttpRequestError.ConnectionError or
        HttpRequestError.SecureConnectionError or
        HttpRequestError.ProxyTunnelError;

    /// <summary>Retry-After as seconds or an HTTP date; null when absent.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
