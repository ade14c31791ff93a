using CrisisConsole.Gateways.Configuration;
using CrisisConsole.GatewaySimulator.Admin;
using CrisisConsole.GatewaySimulator.Meta;
using CrisisConsole.GatewaySimulator.Twilio;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace CrisisConsole.GatewaySimulator;

/// <summary>
/// The route groups of a mounted simulator, so the host can set its own conventions: the provider
/// APIs check their own Basic/Bearer credentials, the admin API is the host's to protect.
/// </summary>
public sealed class GatewaySimulatorRoutes(RouteGroupBuilder twilio, RouteGroupBuilder meta, RouteGroupBuilder admin)
{
    /// <summary>{prefix}/twilio/2010-04-01/Accounts/{AccountSid}/…</summary>
    public RouteGroupBuilder Twilio { get; } = twilio;

    /// <summary>{prefix}/meta/{version}/{phone-number-id}/messages</summary>
    public RouteGroupBuilder Meta { get; } = meta;

    /// <summary>{prefix}/admin/…</summary>
    public RouteGroupBuilder Admin { get; } = admin;

    /// <summary>Both provider APIs at once, e.g. <c>routes.ProviderApis.AllowAnonymous()</c>.</summary>
    public IEndpointConventionBuilder ProviderApis { get; } = new CompositeConventionBuilder(twilio, meta);

    private sealed class CompositeConventionBuilder(params IEndpointConventionBuilder[] builders) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
            foreach (var builder in builders)
            {
                builder.Add(convention);
            }
        }

        public void Finally(Action<EndpointBuilder> finallyConvention)
        {
            foreach (var builder in builders)
            {
                builder.Finally(finallyConvention);
            }
        }
    }
}

public static class GatewaySimulatorEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Mounts Twilio at {prefix}/twilio/2010-04-01/…, Meta at {prefix}/meta/{version}/… and the admin
    /// API at {prefix}/admin. An empty prefix mounts them at the root (the standalone simulator).
    /// </summary>
    public static GatewaySimulatorRoutes MapGatewaySimulator(this IEndpointRouteBuilder endpoints, string prefix = SimulatorCredentials.SimulatorPathPrefix)
    {
        var trimmed = prefix.Trim().TrimEnd('/');
        var root = endpoints.MapGroup(trimmed.Length == 0 ? "/" : trimmed);

        var twilio = root.MapGroup(TwilioEndpoints.Pattern);
        twilio.MapTwilio();
        var meta = root.MapGroup(MetaEndpoints.Pattern);
        meta.MapMeta();
        var admin = root.MapGroup("/admin");
        admin.MapAdmin();
        return new GatewaySimulatorRoutes(twilio, meta, admin);
    }
}
