using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.Incidents;

public static class IncidentsRegistration
{
    public static void AddIncidents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IncidentOptions>().BindConfiguration(IncidentOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<IncidentOptions>, IncidentOptionsValidator>();
        builder.Services.AddSingleton<IncidentService>();
        builder.Services.AddSingleton<IncidentQueries>();
        builder.Services.AddSingleton<IncidentFollowUps>();
        builder.Services.AddSingleton<IncidentReminders>();
        builder.Services.AddHostedService<IncidentReminderService>();
        // Picked up by the context factory (DataRegistration adds every registered IInterceptor).
        builder.Services.AddSingleton<IInterceptor, BroadcastTimelineRecorder>();
    }
}
