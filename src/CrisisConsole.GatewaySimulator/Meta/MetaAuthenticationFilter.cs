using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CrisisConsole.Gateways.Configuration;
using CrisisConsole.GatewaySimulator.Admin;
using CrisisConsole.GatewaySimulator.Faults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace CrisisConsole.GatewaySimulator.Meta;

/// <summary>
/// Every Graph call: a v{N} version, the Bearer access token (else 190 OAuthException), then the
/// request-level faults: 130429 storms and 5xx.
/// </summary>
internal sealed partial class MetaAuthenticationFilter(
    IOptions<GatewayOptions> gateways,
    Configuration.SimulatorSettingsStore settings,
    FaultInjector faults,
    SimulatorCounters counters,
    TrafficLog traffic,
    TimeProvider time) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.GetRouteValue("version") is not string version || !Version().IsMatch(version))
        {
            return Reject(http, MetaErrors.InvalidParameter("Unknown API version; use v{N}.0, e.g. v21.0."));
        }

        var token = gateways.Value.WhatsAppCloud.AccessToken;
        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (token is null || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ||
            !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(header[scheme.Length..].Trim())))
        {
            http.Response.Headers.WWWAuthenticate = "OAuth \"Facebook Platform\" \"invalid_token\" \"Invalid OAuth access token\"";
            return Reject(http, MetaErrors.InvalidToken());
        }

        if (faults.Take(FaultTarget.Meta, FaultKind.RateLimited) is { } storm)
        {
            return Reject(http, MetaErrors.RateLimited(storm.StatusCode ?? settings.Current.RateLimits.MetaRateLimitHttpStatus));
        }

        if (faults.Take(FaultTarget.Meta, FaultKind.ServerError) is { } outage)
        {
            return Reject(http, MetaErrors.ServerError(outage.StatusCode ?? StatusCodes.Status500InternalServerError));
        }

        return await next(context);
    }

    private IResult Reject(HttpContext http, MetaError error)
    {
        counters.MetaRejected();
        traffic.Add(new TrafficEntry(time.GetUtcNow(), TrafficDirection.ApiRequest, "meta", http.Request.Method + " " + http.Request.Path,
            error.HttpStatus, error.Code, null, null, error.Title));
        return error.ToResult();
    }

    [GeneratedRegex(@"^v\d+(\.\d+)?$")]
    private static partial Regex Version();
}
