using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CrisisConsole.Gateways.Configuration;
using CrisisConsole.Gateways.Messaging;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Gateways.Twilio;

/// <summary>One outbound message Twilio holds, as listed by <see cref="TwilioMessageLookup"/>.</summary>
public sealed record TwilioSentMessage(string Sid, DeliveryStatus? Status, DateTimeOffset? DateCreated, string? ErrorCode, string? ErrorMessage);

/// <summary>The messages found, or why the lookup could not say (then nothing is known either way).</summary>
public sealed record TwilioLookupResult(IReadOnlyList<TwilioSentMessage> Messages, string? Problem)
{
    public bool Succeeded => Problem is null;
}

/// <summary>
/// GET /2010-04-01/Accounts/{AccountSid}/Messages.json?To=…&amp;DateSent&gt;=… (gateways.md C.1): the
/// reconciliation of a send whose answer was lost. Neither provider has an idempotency key for message
/// creation, so after a time-out, a 5xx or a crash the only way to know whether Twilio created the
/// message is to list what it sent to that number since just before the attempt.
/// </summary>
public sealed partial class TwilioMessageLookup(HttpClient http, GatewayEndpoints endpoints, IOptions<GatewayOptions> options)
{
    public const int PageSize = 50;

    /// <summary>
    /// Outbound messages to <paramref name="toE164"/> on the provider's channel created at or after
    /// <paramref name="since"/>, oldest first. Never throws for provider or network trouble.
    /// </summary>
    public async Task<TwilioLookupResult> FindSentAsync(GatewayProvider provider, string toE164, DateTimeOffset since, CancellationToken cancellationToken)
    {
        if (!GatewayProviders.IsTwilio(provider))
        {
            return new([], "Only Twilio can list the messages it sent.");
        }

        var twilio = options.Value.Twilio;
        if (string.IsNullOrWhiteSpace(twilio.AccountSid) || string.IsNullOrWhiteSpace(twilio.AuthToken))
        {
            return new([], "Gateways:Twilio:AccountSid and :AuthToken are not set.");
        }

        var accountSid = twilio.AccountSid.Trim();
        var to = provider == GatewayProvider.TwilioWhatsApp ? TwilioWhatsAppGateway.AddressPrefix + toE164 : toE164;
        var after = since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var url = $"{endpoints.TwilioBaseUrl}/2010-04-01/Accounts/{Uri.EscapeDataString(accountSid)}/Messages.json" +
                  $"?To={Uri.EscapeDataString(to)}&{Uri.EscapeDataString("DateSent>")}={Uri.EscapeDataString(after)}&PageSize={PageSize}";
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(accountSid + ":" + twilio.AuthToken)));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return new([], $"Twilio answered {(int)response.StatusCode} to the message list.");
            }

            return new(Parse(body, since), null);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException ||
                                          (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new([], "Twilio could not be reached to list messages.");
        }
        catch (JsonException)
        {
            return new([], "Twilio's message list was not JSON.");
        }
    }

    private static List<TwilioSentMessage> Parse(string body, DateTimeOffset since)
    {
        using var document = JsonDocument.Parse(body);
        var found = new List<TwilioSentMessage>();
        if (!document.RootElement.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return found;
        }

        foreach (var message in messages.EnumerateArray())
        {
            var sid = TwilioJson.GetString(message, "sid");
            var direction = TwilioJson.GetString(message, "direction") ?? "";
            if (string.IsNullOrWhiteSpace(sid) || !direction.StartsWith("outbound", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var created = ParseDate(TwilioJson.GetString(message, "date_created"));
            // Twilio filters on the day for some accounts; the exact time is checked here as well.
            if (created is { } at && at < since)
            {
                continue;
            }

            found.Add(new TwilioSentMessage(sid, ProviderStatuses.FromProviderWord(TwilioJson.GetString(message, "status")), created,
                TwilioJson.GetString(message, "error_code"), TwilioJson.GetString(message, "error_message")));
        }

        found.Sort((a, b) => Nullable.Compare(a.DateCreated, b.DateCreated));
        return found;
    }

    /// <summary>Twilio writes RFC 2822 dates ("Wed, 18 Aug 2010 20:01:40 +0000").</summary>
    internal static DateTimeOffset? ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var normalised = NumericOffset().Replace(text.Trim(), "$1:$2");
        if (DateTimeOffset.TryParseExact(normalised, "ddd, dd MMM yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var exact))
        {
            return exact;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var loose) ? loose : null;
    }

    [GeneratedRegex(@"([+-]\d{2})(\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex NumericOffset();
}
