using System.Text.Json.Serialization;
using CrisisConsole.Web.Features.ApiKeys;
using CrisisConsole.Web.Features.Broadcasts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CrisisConsole.Web.Features.Dashboard;

/// <summary>GET /api/v1/broadcasts/{id}: state, delivery counts per channel and status, check-in tallies (read scope).</summary>
public static class BroadcastReadEndpoints
{
    public static void MapBroadcastReadEndpoints(this IEndpointRouteBuilder endpoints, RouteGroupBuilder api) =>
        api.MapGet("/broadcasts/{id:int}", GetAsync).RequireScope(ApiScopes.Read).WithName("GetBroadcast");

    private static async Task<Results<Ok<BroadcastResponse>, ProblemHttpResult>> GetAsync(int id, BroadcastProgressQueries queries,
        CancellationToken cancellationToken)
    {
        var summary = await queries.GetSummaryAsync(id, cancellationToken);
        if (summary is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such broadcast.",
                detail: $"There is no broadcast with id {id}.");
        }

        return TypedResults.Ok(BroadcastResponse.From(summary, await queries.GetCountersAsync(id, cancellationToken)));
    }
}

public sealed record BroadcastResponse(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("template")] string Template,
    [property: JsonPropertyName("drill")] bool Drill,
    [property: JsonPropertyName("recipients")] int Recipients,
    [property: JsonPropertyName("deliveries")] IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Deliveries,
    [property: JsonPropertyName("checkins")] CheckInTallyResponse CheckIns)
{
    /// <summary>Channels and statuses in lower case ("whatsapp": { "delivered": 12 }); a status with no delivery is left out.</summary>
    public static BroadcastResponse From(BroadcastSummary summary, BroadcastCounters counters) => new(
        summary.Id,
        BroadcastStateMachine.ToWire(summary.State),
        summary.TemplateName,
        summary.IsDrill,
        summary.RecipientCount,
        counters.Statuses.Where(s => s.Count > 0).GroupBy(s => s.Channel).ToDictionary(
            g => g.Key.ToString().ToLowerInvariant(),
            g => (IReadOnlyDictionary<string, int>)g.ToDictionary(s => s.Status.ToString().ToLowerInvariant(), s => s.Count)),
        new CheckInTallyResponse(counters.Safe, counters.NeedsHelp, counters.NoAnswer(summary.RecipientCount)));
}

public sealed record CheckInTallyResponse(
    [property: JsonPropertyName("safe")] int Safe,
    [property: JsonPropertyName("needs_help")] int NeedsHelp,
    [property: JsonPropertyName("no_answer")] int NoAnswer);
