using System.Text.Json;
using System.Text.Json.Serialization;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.ApiKeys;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Segments;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Incidents;

/// <summary>
/// <c>POST /api/v1/incidents</c> (trigger scope) lets a monitoring system open an incident;
/// <c>GET /api/v1/incidents/{id}</c> (read scope) answers its state, broadcasts and live totals.
/// Problems are RFC 7807 problem details: 400 naming the field, 404 unknown id.
/// </summary>
public static class IncidentsEndpoints
{
    public static void MapIncidentsEndpoints(this IEndpointRouteBuilder endpoints, RouteGroupBuilder api)
    {
        api.MapPost("/incidents", OpenAsync).RequireScope(ApiScopes.Trigger);
        api.MapGet("/incidents/{id:int}", GetAsync).RequireScope(ApiScopes.Read).WithName("GetIncident");
    }

    private static async Task<IResult> OpenAsync(HttpContext http, IncidentService incidents, IncidentQueries queries,
        IDbContextFactory<AppDbContext> contexts, CancellationToken cancellationToken)
    {
        var (body, problem) = await IncidentApiJson.ReadAsync(http, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (request, errors) = IncidentRequest.Read(body!.Value);
        if (request is null)
        {
            return IncidentApiJson.Invalid(errors);
        }

        var input = new IncidentInput
        {
            Title = request.Title,
            Severity = request.Severity,
            Zones = request.Zones.ToList(),
            Variables = new Dictionary<string, string>(request.Variables, StringComparer.Ordinal),
            IsDrill = request.Drill,
        };
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            input.SegmentIds = await SegmentNames.ResolveAsync(db, request.Segments, errors, cancellationToken);
            input.ManagerUserId = await UserIdAsync(db, request.ManagerEmail, "managerEmail", "incident manager", errors, cancellationToken);
            input.CommsLeadUserId = await UserIdAsync(db, request.CommsLeadEmail, "commsLeadEmail", "communications lead", errors, cancellationToken);
        }

        if (errors.Count > 0)
        {
            return IncidentApiJson.Invalid(errors);
        }

        var result = await incidents.OpenAsync(input, AuditActor.From(http.User), cancellationToken);
        if (!result.Succeeded)
        {
            return IncidentApiJson.Invalid(result.Errors.ToDictionary(e => ApiField(e.Key), e => new[] { e.Value }, StringComparer.Ordinal));
        }

        var response = await ResponseAsync(result.Incident!.Id, queries, cancellationToken);
        return TypedResults.Created($"/api/v1/incidents/{result.Incident.Id}", response);
    }

    private static async Task<Results<Ok<IncidentResponse>, ProblemHttpResult>> GetAsync(int id, IncidentQueries queries, CancellationToken cancellationToken)
    {
        var response = await ResponseAsync(id, queries, cancellationToken);
        return response is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such incident.", detail: $"There is no incident with id {id}.")
            : TypedResults.Ok(response);
    }

    private static async Task<IncidentResponse?> ResponseAsync(int id, IncidentQueries queries, CancellationToken cancellationToken)
    {
        var details = await queries.GetDetailsAsync(id, cancellationToken);
        return details is null ? null : IncidentResponse.From(details, await queries.FiguresAsync(id, cancellationToken));
    }

    private static async Task<string?> UserIdAsync(AppDbContext db, string? email, string field, string role, Dictionary<string, string[]> errors,
        CancellationToken cancellationToken)
    {
        if (email is null)
        {
            return null;
        }

        var normalized = email.Trim().ToUpperInvariant();
        var user = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized).Select(u => new { u.Id, u.IsDisabled })
            .FirstOrDefaultAsync(cancellationToken);
        if (user is null || user.IsDisabled)
        {
            errors[field] = [user is null ? $"No user of the console has the e-mail '{email}' (the {role})." : $"The {role} '{email}' is disabled."];
            return null;
        }

        return user.Id;
    }

    private static string ApiField(string key) => key switch
    {
        IncidentFields.Form => "incident",
        IncidentFields.Manager => "managerEmail",
        IncidentFields.CommsLead => "commsLeadEmail",
        _ => key,
    };
}

/// <summary>
/// The body of <c>POST /api/v1/incidents</c>, read by hand so every problem is named:
/// <code>{ "title": "...", "severity": "minor|major|critical", "zones": [], "segments": ["name"], "variables": {},
///   "drill": false, "managerEmail": null, "commsLeadEmail": null }</code>
/// </summary>
public sealed record IncidentRequest(string Title, IncidentSeverity Severity, IReadOnlyList<string> Zones, IReadOnlyList<string> Segments,
    IReadOnlyDictionary<string, string> Variables, bool Drill, string? ManagerEmail, string? CommsLeadEmail)
{
    public static (IncidentRequest? Request, Dictionary<string, string[]> Errors) Read(JsonElement body)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["The body must be a JSON object."];
            return (null, errors);
        }

        var title = IncidentApiJson.Property(body, "title") is { ValueKind: JsonValueKind.String } t ? t.GetString()!.Trim() : null;
        if (string.IsNullOrEmpty(title))
        {
            errors["title"] = ["Give the incident's title as a string, e.g. \"title\": \"Flooding in the North zone\"."];
        }

        var severity = default(IncidentSeverity);
        if (IncidentApiJson.Property(body, "severity") is not { ValueKind: JsonValueKind.String } s || !IncidentStateMachine.TryParseSeverity(s.GetString(), out severity))
        {
            errors["severity"] = ["severity must be \"minor\", \"major\" or \"critical\"."];
        }

        var zones = IncidentApiJson.Strings(IncidentApiJson.Property(body, "zones"), "zones", "zone names", errors);
        var segments = IncidentApiJson.Strings(IncidentApiJson.Property(body, "segments"), "segments", "segment names", errors);
        var variables = IncidentApiJson.Variables(IncidentApiJson.Property(body, "variables"), errors);

        var drill = false;
        if (IncidentApiJson.Property(body, "drill") is { ValueKind: not JsonValueKind.Null } drillValue)
        {
            if (drillValue.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                drill = drillValue.GetBoolean();
            }
            else
            {
                errors["drill"] = ["drill must be true or false."];
            }
        }

        var manager = IncidentApiJson.OptionalString(IncidentApiJson.Property(body, "managerEmail"), "managerEmail", errors);
        var commsLead = IncidentApiJson.OptionalString(IncidentApiJson.Property(body, "commsLeadEmail"), "commsLeadEmail", errors);
        return errors.Count > 0
            ? (null, errors)
            : (new IncidentRequest(title!, severity, zones!, segments!, variables!, drill, manager, commsLead), errors);
    }
}

public sealed record IncidentResponse(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("drill")] bool Drill,
    [property: JsonPropertyName("zones")] IReadOnlyList<string> Zones,
    [property: JsonPropertyName("segments")] IReadOnlyList<string> Segments,
    [property: JsonPropertyName("manager")] string? Manager,
    [property: JsonPropertyName("comms_lead")] string? CommsLead,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("monitoring_at")] DateTimeOffset? MonitoringAt,
    [property: JsonPropertyName("resolved_at")] DateTimeOffset? ResolvedAt,
    [property: JsonPropertyName("closed_at")] DateTimeOffset? ClosedAt,
    [property: JsonPropertyName("last_update_sent_at")] DateTimeOffset? LastUpdateSentAt,
    [property: JsonPropertyName("broadcasts")] IReadOnlyList<IncidentBroadcastResponse> Broadcasts,
    [property: JsonPropertyName("totals")] IncidentTotalsResponse Totals)
{
    public static IncidentResponse From(IncidentDetails details, IncidentFigures figures)
    {
        var i = details.Incident;
        return new IncidentResponse(i.Id, i.Title, IncidentStateMachine.ToWire(i.State), IncidentStateMachine.ToWire(i.Severity), i.IsDrill,
            details.Zones, details.SegmentNames, i.ManagerName, i.CommsLeadName, i.CreatedAt, i.MonitoringAt, i.ResolvedAt, i.ClosedAt, i.LastUpdateSentAt,
            details.Broadcasts.Select(b => new IncidentBroadcastResponse(b.Id, b.TemplateName, BroadcastStateMachine.ToWire(b.State), b.IsDrill,
                b.RecipientCount, b.CreatedAt)).ToList(),
            new IncidentTotalsResponse(figures.Reached, figures.Safe, figures.NeedsHelp, figures.Unaccounted));
    }
}

public sealed record IncidentBroadcastResponse(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("template")] string Template,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("drill")] bool Drill,
    [property: JsonPropertyName("recipients")] int Recipients,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt);

public sealed record IncidentTotalsResponse(
    [property: JsonPropertyName("reached")] int Reached,
    [property: JsonPropertyName("safe")] int Safe,
    [property: JsonPropertyName("needs_help")] int NeedsHelp,
    [property: JsonPropertyName("unaccounted")] int Unaccounted);
