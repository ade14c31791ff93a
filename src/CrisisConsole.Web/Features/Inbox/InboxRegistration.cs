using CrisisConsole.Web.Features.Dispatch;

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
        services.AddSingleton<DirectMessageOutbox>();
        services.AddSingleton<DirectMessageSender>();
        if (builder.Configuration.GetValue($"{DispatchOptions.Section}:{nameof(DispatchOptions.Enabled)}", true))
        {
            services.AddHostedService(provider => provider.GetRequiredService<DirectMessageSender>());
        }
    }
}
