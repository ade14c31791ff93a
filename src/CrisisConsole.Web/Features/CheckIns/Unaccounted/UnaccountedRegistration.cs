namespace CrisisConsole.Web.Features.CheckIns.Unaccounted;

public static class UnaccountedRegistration
{
    public static void AddUnaccountedFor(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<UnaccountedQueries>();
        builder.Services.AddSingleton<NonResponderResend>();
    }
}
