using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.CheckIns;

public static class CheckInsRegistration
{
    public static void AddCheckIns(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CheckInOptions>().BindConfiguration(CheckInOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<CheckInOptions>, CheckInOptionsValidator>();
        // Not an observer of its own: the inbox's InboundMessageProcessor calls it, in a fixed order.
        builder.Services.AddSingleton<CheckInRecorder>();
    }
}
