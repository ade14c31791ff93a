namespace CrisisConsole.Web.Features.Inbox.Triage;

/// <summary>The responders' side of the inbox: the queue, item work, the conversation view, "unaccounted for".</summary>
public static class InboxTriageRegistration
{
    public static void AddInboxTriage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<InboxTriageService>();
        builder.Services.AddSingleton<InboxQueries>();
        builder.Services.AddSingleton<InboxItemQueries>();
        builder.Services.AddSingleton<ConversationQueries>();
    }
}
