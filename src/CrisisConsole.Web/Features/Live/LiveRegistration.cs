using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CrisisConsole.Web.Features.Live;

public static class LiveRegistration
{
    public static void AddLive(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LiveEventHub>();
        builder.Services.AddSingleton<AfterCommitEvents>();
        // Picked up by the context factory (DataRegistration adds every registered IInterceptor).
        builder.Services.AddSingleton<IInterceptor, AfterCommitInterceptor>();
    }
}
