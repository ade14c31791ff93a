using CrisisConsole.Web.Features.Inbox;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.CheckIns;

public static class CheckInsRegistration
{
    public static void AddCheckIns(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CheckInOptions>().BindConfiguration(CheckInOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<CheckInOptions>, CheckInOptionsValidator>();
        builder.Services.AddSingleton<CheckInRecorder>();
        builder.Services.AddSingleton<IInboundMessageObserver>(services => services.GetRequiredService<CheckInRecorder>());
    }
}
