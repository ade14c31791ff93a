using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CrisisConsole.GatewaySimulator.Meta;

/// <summary>The Cloud API under {prefix}/meta/{version}: any v{N} is accepted.</summary>
internal static class MetaEndpoints
{
    public const string Pattern = "/meta/{version}";

    public static void MapMeta(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter<MetaAuthenticationFilter>();
        group.MapPost("/{phoneNumberId}/messages", (string phoneNumberId, HttpContext http, MetaSendHandler handler) => handler.SendAsync(phoneNumberId, http));
    }
}
