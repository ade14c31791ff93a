namespace CrisisConsole.Web.Features.Live;

public static class LiveRegistration
{
    public static void AddLive(this IHostApplicationBuilder builder) => builder.Services.AddSingleton<LiveEventHub>();
}
