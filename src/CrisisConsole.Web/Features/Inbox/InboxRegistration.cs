using CrisisConsole.Web.Features.Dispatch;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.Inbox;

public static class InboxRegistration
{
    /// <summary>
    /// Inbound processing (classification, STOP/START, acknowledgements, auto-replies), the direct-message
    /// outbox and its sender (a hosted service, unless Dispatch:Enabled is false: where nothing may be sent).
    /// </summary>
    public static void AddInbox(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<InboundRepliesOptions>().BindConfiguration(InboundRepliesOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<InboundRepliesOptions>, InboundRepliesOptionsValidator>();

        // The only inbound observer: it runs the steps (contact, window, check-in, classification, consent,
        // automatic replies) in a fixed order itself.
        services.AddSingleton<InboundConsentKeywords>();
        services.AddSingleton<AutomaticReplies>();
        services.AddSingleton<InboundMessageProcessor>();
        services.AddSingleton<IInboundMessageObserver>(provider => provider.GetRequiredService<InboundMessageProcessor>());

        services.AddSingleton<KeywordAutoReplyService>();
        services.AddSingleton<DirectMessageOutbox>();
        services.AddSingleton<DirectMessageSender>();
        if (builder.Configuration.GetValue($"{DispatchOptions.Section}:{nameof(DispatchOptions.Enabled)}", true))
        {
            services.AddHostedService(provider => provider.GetRequiredService<DirectMessageSender>());
        }
    }
}
