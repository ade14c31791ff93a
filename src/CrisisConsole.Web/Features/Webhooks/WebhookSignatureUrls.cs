using CrisisConsole.Gateways.Configuration;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.Webhooks;

/// <summary>
/// The URL a provider signed: the public base URL (what the provider calls, not the address behind a
/// proxy) + the path + the query string exactly as received.
/// </summary>
internal sealed class WebhookSignatureUrls(GatewayEndpoints endpoints, IOptions<GatewayOptions> options)
{
    /// <summary>Candidates to check, best first; empty when no public URL is known (Live mode misconfigured).</summary>
    public IReadOnlyList<string> For(HttpRequest request, bool isTwilioStatus)
    {
        var query = request.QueryString.Value ?? "";
        var urls = new List<string>(2);
        var publicBase = endpoints.PublicBaseUrl;
        if (publicBase is null && options.Value.Mode == GatewayMode.Simulator)
        {
            // Before the simulator hosting has published the address, the app's own address is what the simulator calls.
            publicBase = $"{request.Scheme}://{request.Host.ToUriComponent()}";
        }

        if (publicBase is not null)
        {
            urls.Add(publicBase + request.Path.ToUriComponent() + query);
        }

        // A Twilio status callback URL may be configured apart from the public base (another host or path);
        // the client appends ?delivery= to it, which comes back as the query.
        if (isTwilioStatus && options.Value.Twilio.StatusCallbackUrl is { Length: > 0 } configured)
        {
            var end = configured.IndexOfAny(['?', '#']);
            var callbackBase = (end >= 0 ? configured[..end] : configured).Trim();
            var candidate = callbackBase + query;
            if (!urls.Contains(candidate, StringComparer.Ordinal))
            {
                urls.Add(candidate);
            }
        }

        return urls;
    }
}
