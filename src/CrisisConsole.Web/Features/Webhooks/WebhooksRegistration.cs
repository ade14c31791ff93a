using CrisisConsole.Gateways.Webhooks;
using CrisisConsole.Web.Features.Inbox;

namespace CrisisConsole.Web.Features.Webhooks;

public static class WebhooksRegistration
{
    public static void AddWebhooks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WebhookRecorder>();
        builder.Services.AddSingleton<InboundMessageObservers>();
        builder.Services.AddSingleton<WebhookSignatureUrls>();
        builder.Services.AddSingleton<TwilioWebhookHandler>();
        builder.Services.AddSingleton<MetaWebhookHandler>();
    }

    /// <summary>Anonymous, since providers carry no credentials: each handler checks the provider's signature instead.</summary>
    public static void MapWebhookEndpoints(this IEndpointRouteBuilder endpoints)
    {
        Open(endpoints.MapPost(WebhookPaths.TwilioStatus, (HttpContext http, TwilioWebhookHandler handler) => handler.StatusAsync(http)));
        Open(endpoints.MapPost(WebhookPaths.TwilioInbound, (HttpContext http, TwilioWebhookHandler handler) => handler.InboundAsync(http)));
        Open(endpoints.MapGet(WebhookPaths.WhatsAppCloud, (HttpContext http, MetaWebhookHandler handler) => handler.Verify(http)));
        Open(endpoints.MapPost(WebhookPaths.WhatsAppCloud, (HttpContext http, MetaWebhookHandler handler) => handler.ReceiveAsync(http)));
    }

    private static void Open(RouteHandlerBuilder route) => route.AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
}
