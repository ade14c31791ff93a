using System.Text.Json.Serialization;
using CrisisConsole.Gateways.Messaging;

namespace CrisisConsole.Web.Features.Incidents.Reports;

/// <summary>
/// GET /api/v1/incidents/{id}/report. Durations are in seconds (millisecond precision), rates are fractions from 0 to 1;
/// both are null when there is nothing to measure. Names in snake case, channels and statuses in lower case.
/// </summary>
public sealed record IncidentReportResponse(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("drill")] bool Drill,
    [property: JsonPropertyName("opened_at")] DateTimeOffset OpenedAt,
    [property: JsonPropertyName("resolved_at")] DateTimeOffset? ResolvedAt,
    [property: JsonPropertyName("closed_at")] DateTimeOffset? ClosedAt,
    [property: JsonPropertyName("generated_at")] DateTimeOffset GeneratedAt,
    [property: JsonPropertyName("broadcasts")] int Broadcasts,
    [property: JsonPropertyName("timeline")] IReadOnlyList<TimelineItemResponse> Timeline,
    [property: JsonPropertyName("deliveries")] IReadOnlyDictionary<string, DeliveryFiguresResponse> Deliveries,
    [property: JsonPropertyName("checkins")] CheckInFiguresResponse CheckIns,
    [property: JsonPropertyName("unaccounted")] UnaccountedResponse Unaccounted,
    [property: JsonPropertyName("failures")] IReadOnlyList<FailureResponse> Failures,
    [property: JsonPropertyName("fallbacks")] FallbackResponse Fallbacks,
    [property: JsonPropertyName("review")] ReviewResponse Review)
{
    /// <summary>How many unaccounted people the API lists at most; <c>truncated</c> says when there are more.</summary>
    public const int UnaccountedLimit = 1_000;

    public static IncidentReportResponse From(IncidentReport report)
    {
        var incident = report.Incident;
        var deliveries = new Dictionary<string, DeliveryFiguresResponse> { ["all"] = DeliveryFiguresResponse.From(report.AllChannels) };
        foreach (var channel in report.Channels)
        {
            deliveries[Wire(channel.Channel!.Value)] = DeliveryFiguresResponse.From(channel);
        }

        var checkIns = report.CheckIns;
        return new IncidentReportResponse(
            incident.Id, incident.Title, incident.Severity.ToString().ToLowerInvariant(), incident.State.ToString().ToLowerInvariant(), incident.IsDrill,
            incident.CreatedAt, incident.ResolvedAt, incident.ClosedAt, report.GeneratedAt, report.BroadcastCount,
            [.. report.Timeline.Select(t => new TimelineItemResponse(t.At, ToSnake(t.Kind.ToString()), t.Text, t.ActorName, t.BroadcastId))],
            deliveries,
            new CheckInFiguresResponse(checkIns.Broadcasts, checkIns.Recipients, checkIns.Answered, checkIns.Safe, checkIns.NeedsHelp, checkIns.NoAnswer,
                checkIns.AnswerRate, DurationResponse.From(checkIns.TimeToAnswer), DurationResponse.From(checkIns.TimeToSafe)),
            new UnaccountedResponse(report.UnaccountedCount, report.UnaccountedTruncated,
                [.. report.Unaccounted.Select(u => new UnaccountedPersonResponse(u.ContactId, u.Name, u.Phone, u.Zone,
                    u.LastChannel is { } c ? Wire(c) : null, u.LastStatus?.ToString().ToLowerInvariant()))]),
            [.. report.Failures.Select(f => new FailureResponse(Wire(f.Channel), f.ErrorCode, f.Reason, f.Count))],
            new FallbackResponse(report.Fallbacks.Used, report.Fallbacks.Delivered, report.Fallbacks.Failed, report.Fallbacks.DeliveryRate),
            new ReviewResponse(incident.Cause, incident.Fix, incident.LessonsLearned));
    }

    private static string Wire(MessageChannel channel) => channel.ToString().ToLowerInvariant();

    private static string ToSnake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}

public sealed record TimelineItemResponse(
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("actor")] string Actor,
    [property: JsonPropertyName("broadcast_id")] int? BroadcastId);

public sealed record DeliveryFiguresResponse(
    [property: JsonPropertyName("messages")] int Messages,
    [property: JsonPropertyName("sent")] int Sent,
    [property: JsonPropertyName("delivered")] int Delivered,
    [property: JsonPropertyName("read")] int Read,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("delivery_rate")] double? DeliveryRate,
    [property: JsonPropertyName("time_to_deliver")] DurationResponse TimeToDeliver)
{
    public static DeliveryFiguresResponse From(DeliveryFigures figures) => new(figures.Messages, figures.Sent, figures.Delivered, figures.Read,
        figures.Failed, figures.DeliveryRate, DurationResponse.From(figures.TimeToDeliver));
}

public sealed record DurationResponse(
    [property: JsonPropertyName("samples")] int Samples,
    [property: JsonPropertyName("median_seconds")] double? MedianSeconds,
    [property: JsonPropertyName("p95_seconds")] double? P95Seconds)
{
    public static DurationResponse From(DurationStats stats) => new(stats.Samples, ReportFormat.Seconds(stats.Median), ReportFormat.Seconds(stats.P95));
}

public sealed record CheckInFiguresResponse(
    [property: JsonPropertyName("broadcasts")] int Broadcasts,
    [property: JsonPropertyName("recipients")] int Recipients,
    [property: JsonPropertyName("answered")] int Answered,
    [property: JsonPropertyName("safe")] int Safe,
    [property: JsonPropertyName("needs_help")] int NeedsHelp,
    [property: JsonPropertyName("no_answer")] int NoAnswer,
    [property: JsonPropertyName("answer_rate")] double? AnswerRate,
    [property: JsonPropertyName("time_to_answer")] DurationResponse TimeToAnswer,
    [property: JsonPropertyName("time_to_safe")] DurationResponse TimeToSafe);

public sealed record UnaccountedResponse(
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("truncated")] bool Truncated,
    [property: JsonPropertyName("contacts")] IReadOnlyList<UnaccountedPersonResponse> Contacts);

public sealed record UnaccountedPersonResponse(
    [property: JsonPropertyName("contact_id")] int ContactId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("phone")] string Phone,
    [property: JsonPropertyName("zone")] string? Zone,
    [property: JsonPropertyName("last_channel")] string? LastChannel,
    [property: JsonPropertyName("last_status")] string? LastStatus);

public sealed record FailureResponse(
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("error_code")] string? ErrorCode,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("count")] int Count);

public sealed record FallbackResponse(
    [property: JsonPropertyName("used")] int Used,
    [property: JsonPropertyName("delivered")] int Delivered,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("delivery_rate")] double? DeliveryRate);

public sealed record ReviewResponse(
    [property: JsonPropertyName("cause")] string? Cause,
    [property: JsonPropertyName("fix")] string? Fix,
    [property: JsonPropertyName("lessons_learned")] string? LessonsLearned);
