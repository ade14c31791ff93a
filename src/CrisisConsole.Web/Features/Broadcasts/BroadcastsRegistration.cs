namespace CrisisConsole.Web.Features.Broadcasts;

public static class BroadcastsRegistration
{
    public static void AddBroadcasts(this IHostApplicationBuilder builder)
    {
        // Stateless over a context factory: one instance serves every circuit and request.
        builder.Services.AddSingleton<BroadcastPreviewService>();
        builder.Services.AddSingleton<BroadcastDraftService>();
        builder.Services.AddSingleton<BroadcastApprovalService>();
    }
}
