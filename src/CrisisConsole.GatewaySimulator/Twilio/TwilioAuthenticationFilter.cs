using System.Security.Cryptography;
using System.Text;
using CrisisConsole.Gateways.Configuration;
using CrisisConsole.GatewaySimulator.Admin;
using CrisisConsole.GatewaySimulator.Faults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace CrisisConsole.GatewaySimulator.Twilio;

/// <summary>
/// Every Twilio REST call: HTTP Basic with AccountSid:AuthToken, and the AccountSid in the path must
/// be the same account (else 401 + 20003). Then the request-level faults: 429 storms and 5xx.
/// </summary>
internal sealed class TwilioAuthenticationFilter(
    IOptions<GatewayOptions> gateways,
    FaultInjector faults,
    SimulatorCounters counters,
    TrafficLog traffic,
    TimeProvider time) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var account = gateways.Value.Twilio;
        var pathSid = http.GetRouteValue("accountSid") as string;
        if (!CredentialsMatch(http.Request.Headers.Authorization.ToString(), account) || !string.Equals(pathSid, account.AccountSid, StringComparison.Ordinal))
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"Twilio API\"";
            return Reject(http, TwilioErrors.Authenticate());
        }

        if (faults.Take(FaultTarget.Twilio, FaultKind.RateLimited) is { } storm)
        {
            return Reject(http, TwilioErrors.TooManyRequests(storm.RetryAfterSeconds));
        }

        if (faults.Take(FaultTarget.Twilio, FaultKind.ServerError) is { } outage)
        {
            return Reject(http, TwilioErrors.ServerError(outage.StatusCode ?? StatusCodes.Status500InternalServerError));
        }

        return await next(context);
    }

    private IResult Reject(HttpContext http, TwilioError error)
    {
        counters.TwilioRejected();
        traffic.Add(new TrafficEntry(time.GetUtcNow(), TrafficDirection.ApiRequest, "twilio", http.Request.Method + " " + http.Request.Path,
            error.Status, error.Code, null, null, error.Message));
        return error.ToResult();
    }

    private static bool CredentialsMatch(string header, TwilioOptions account)
    {
        const string scheme = "Basic ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || account.AccountSid is null || account.AuthToken is null)
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[scheme.Length..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = Encoding.UTF8.GetBytes(account.AccountSid + ":" + account.AuthToken);
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.UTF8.GetBytes(decoded));
    }
}
