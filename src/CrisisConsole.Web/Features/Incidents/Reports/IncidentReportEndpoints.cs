using System.Text;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.ApiKeys;
using CrisisConsole.Web.Features.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CrisisConsole.Web.Features.Incidents.Reports;

/// <summary>
/// GET /api/v1/incidents/{id}/report (read scope), and the report page's downloads under /incidents/{id}/report/
/// (signed-in operators, supervisors and admins): deliveries.csv, answers.csv and report.md.
/// </summary>
public static class IncidentReportEndpoints
{
    public static void MapIncidentReportEndpoints(this IEndpointRouteBuilder endpoints, RouteGroupBuilder api)
    {
        api.MapGet("/incidents/{id:int}/report", GetAsync).RequireScope(ApiScopes.Read).WithName("GetIncidentReport");

        var downloads = endpoints.MapGroup("/incidents/{id:int}/report").RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Composers });
        downloads.MapGet("/deliveries.csv", (int id, HttpContext http, IncidentReportBuilder reports, IncidentReportCsvExporter exporter, CancellationToken ct) =>
            CsvAsync(id, http, reports, "deliveries", (stream, actor) => exporter.WriteDeliveriesAsync(stream, id, actor, ct), ct));
        downloads.MapGet("/answers.csv", (int id, HttpContext http, IncidentReportBuilder reports, IncidentReportCsvExporter exporter, CancellationToken ct) =>
            CsvAsync(id, http, reports, "answers", (stream, actor) => exporter.WriteAnswersAsync(stream, id, actor, ct), ct));
        downloads.MapGet("/report.md", MarkdownAsync);
    }

    private static async Task<Results<Ok<IncidentReportResponse>, ProblemHttpResult>> GetAsync(int id, IncidentReportBuilder reports,
        CancellationToken cancellationToken)
    {
        var report = await reports.BuildAsync(id, IncidentReportResponse.UnaccountedLimit, cancellationToken);
        return report is null ? NotFound(id) : TypedResults.Ok(IncidentReportResponse.From(report));
    }

    private static async Task<IResult> CsvAsync(int id, HttpContext http, IncidentReportBuilder reports, string what,
        Func<Stream, AuditActor, Task<int>> write, CancellationToken cancellationToken)
    {
        if (!await reports.ExistsAsync(id, cancellationToken))
        {
            return NotFound(id);
        }

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"incident-{id}-{what}.csv\"";
        await write(http.Response.Body, AuditActor.From(http.User));
        return TypedResults.Empty;
    }

    private static async Task<IResult> MarkdownAsync(int id, HttpContext http, IncidentReportBuilder reports, AuditLog audit, CancellationToken cancellationToken)
    {
        var report = await reports.BuildAsync(id, IncidentReportBuilder.DefaultUnaccountedLimit, cancellationToken);
        if (report is null)
        {
            return NotFound(id);
        }

        await audit.RecordAsync(AuditActor.From(http.User), AuditActions.IncidentReportExported, nameof(Incident), id.ToString(),
            $"Markdown report of incident #{id}", cancellationToken);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"incident-{id}-report.md\"";
        return TypedResults.Text(IncidentReportMarkdown.Render(report), "text/markdown; charset=utf-8", Encoding.UTF8);
    }

    private static ProblemHttpResult NotFound(int id) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "No such incident.", detail: $"There is no incident with id {id}.");
}
