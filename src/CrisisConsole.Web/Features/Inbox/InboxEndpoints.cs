using System.Text.Json.Serialization;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.ApiKeys;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Inbox;

/// <summary>
/// GET /api/v1/inbox (read scope): the triage queue as JSON, most urgent first. Filters state,
/// classification (comma-separated lists), zone, language, incidentId; paging by limit (≤ 500) and
/// cursor (nextCursor of the previous page) or offset. Bad parameters get a 400 problem details naming them.
/// </summary>
public static class InboxEndpoints
{
    public static void MapInboxEndpoints(this IEndpointRouteBuilder endpoints, RouteGroupBuilder api) =>
        api.MapGet("/inbox", ListAsync).RequireScope(ApiScopes.Read).WithName("ListInbox");

    private static async Task<Results<Ok<InboxPageResponse>, ValidationProblem>> ListAsync(HttpRequest request,
        IDbContextFactory<AppDbContext> contexts, CancellationToken cancellationToken)
    {
        var (query, errors) = InboxQuery.Parse(request.Query);
        if (query is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The inbox query has invalid parameters.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (items, next) = await query.RunAsync(db, cancellationToken);
        return TypedResults.Ok(new InboxPageResponse(items.Select(InboxItemResponse.From).ToList(), next));
    }
}

public sealed record InboxPageResponse(
    [property: JsonPropertyName("items")] IReadOnlyList<InboxItemResponse> Items,
    [property: JsonPropertyName("nextCursor")] string? NextCursor);

public sealed record InboxItemResponse(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("classification")] string Classification,
    [property: JsonPropertyName("priority")] int Priority,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("contactId")] int? ContactId,
    [property: JsonPropertyName("phone")] string Phone,
    [property: JsonPropertyName("profileName")] string? ProfileName,
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("text")] string? Text,
    [property: JsonPropertyName("buttonPayload")] string? ButtonPayload,
    [property: JsonPropertyName("receivedAt")] DateTimeOffset ReceivedAt,
    [property: JsonPropertyName("sentAt")] DateTimeOffset? SentAt,
    [property: JsonPropertyName("broadcastId")] int? BroadcastId,
    [property: JsonPropertyName("incidentId")] int? IncidentId,
    [property: JsonPropertyName("zone")] string? Zone,
    [property: JsonPropertyName("language")] string? Language,
    [property: JsonPropertyName("assignedTo")] string? AssignedTo,
    [property: JsonPropertyName("location")] InboxLocationResponse? Location,
    [property: JsonPropertyName("media")] InboxMediaResponse? Media)
{
    public static InboxItemResponse From(InboundMessage m) => new(
        m.Id,
        InboxPriority.ToWire(m.Classification),
        m.Priority,
        InboxPriority.ToWire(m.TriageState),
        m.ContactId,
        m.FromAddress,
        m.ProfileName,
        m.Channel.ToString().ToLowerInvariant(),
        m.Kind.ToString().ToLowerInvariant(),
        m.Text,
        m.ButtonPayload,
        m.ReceivedAt,
        m.SentAt,
        m.AnswersBroadcastId,
        m.IncidentId,
        m.Zone,
        m.Language,
        m.AssignedToName,
        m.Latitude is { } lat && m.Longitude is { } lon ? new InboxLocationResponse(lat, lon) : null,
        m.MediaCount > 0 ? new InboxMediaResponse(m.MediaCount, m.MediaContentType, m.MediaId) : null);
}

public sealed record InboxLocationResponse(
    [property: JsonPropertyName("latitude")] double Latitude,
    [property: JsonPropertyName("longitude")] double Longitude);

/// <summary>Media metadata only: the provider URL needs our credentials, so it is not handed out.</summary>
public sealed record InboxMediaResponse(
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("contentType")] string? ContentType,
    [property: JsonPropertyName("mediaId")] string? MediaId);
