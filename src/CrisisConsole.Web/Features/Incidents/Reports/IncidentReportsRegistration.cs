namespace CrisisConsole.Web.Features.Incidents.Reports;

public static class IncidentReportsRegistration
{
    public static void AddIncidentReports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IncidentReportBuilder>();
        builder.Services.AddSingleton<IncidentReviewService>();
        builder.Services.AddSingleton<IncidentReportCsvExporter>();
    }
}
