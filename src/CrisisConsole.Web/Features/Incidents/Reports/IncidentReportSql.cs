using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Features.CheckIns;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Templates;

namespace CrisisConsole.Web.Features.Incidents.Reports;

/// <summary>
/// The SQL fragments the report is built from, in one place so the page, the API, the exports and the tests agree
/// on what counts. Each takes the incident id as the parameter <c>@incident</c>.
/// </summary>
internal static class IncidentReportSql
{
    public const string IncidentParameter = "@incident";

    private static readonly string CheckInCategory = nameof(TemplateCategory.CheckIn);
    private static readonly int DeliveredRank = DeliveryStatusRank.Of(DeliveryStatus.Delivered);

    /// <summary>
    /// <c>ib</c>: the incident's broadcasts with when they started sending and whether they are check-ins. A
    /// drill broadcast filed under a real incident is left out, so drill figures never mix with real ones.
    /// </summary>
    public static readonly string IncidentBroadcasts = $"""
        ib AS (
            SELECT b.Id AS Id, COALESCE(b.SendingStartedAt, b.DecidedAt, b.CreatedAt) AS StartAt,
                CASE WHEN t.Category = '{CheckInCategory}' THEN 1 ELSE 0 END AS IsCheckIn
            FROM Broadcasts b
            JOIN Incidents i ON i.Id = b.IncidentId
            LEFT JOIN MessageTemplates t ON t.Id = b.TemplateId
            WHERE b.IncidentId = {IncidentParameter} AND (i.IsDrill = 1 OR b.IsDrill = 0))
        """;

    /// <summary><c>rc</c>: the people asked to check in: contacts a check-in went to, or who answered one.</summary>
    public static readonly string CheckInRecipients = $"""
        rc AS (
            SELECT d.ContactId AS ContactId FROM Deliveries d JOIN ib ON ib.Id = d.BroadcastId
            WHERE ib.IsCheckIn = 1 AND d.ContactId IS NOT NULL
            UNION
            SELECT k.ContactId FROM CheckIns k JOIN ib ON ib.Id = k.BroadcastId WHERE ib.IsCheckIn = 1)
        """;

    public static readonly string IsDelivered = $"d.StatusRank >= {DeliveredRank}";

    /// <summary>Handed to the provider: it gave a message id, or reported the message sent (or further).</summary>
    public const string IsSent = "(d.ProviderMessageId IS NOT NULL OR d.SentAt IS NOT NULL OR d.DeliveredAt IS NOT NULL)";

    public static readonly string IsFailed = $"d.Status IN ('{nameof(DeliveryStatus.Failed)}', '{nameof(DeliveryStatus.Undelivered)}')";

    public static readonly string IsRead = $"d.Status = '{nameof(DeliveryStatus.Read)}'";

    /// <summary>
    /// Time to deliver, in milliseconds: from when the provider took the message (SentAt) to the delivery
    /// receipt; from when the delivery row was written (CreatedAt) when no sent time was reported. Never negative
    /// (provider clocks differ from ours).
    /// </summary>
    public const string TimeToDeliverMs = "MAX(0, d.DeliveredAt - COALESCE(d.SentAt, d.CreatedAt))";

    /// <summary>The time of a check-in's first answer (its history), or of its current answer when it has no history.</summary>
    public const string FirstAnswerAt =
        "COALESCE((SELECT MIN(h.AnsweredAt) FROM CheckInChanges h WHERE h.CheckInId = k.Id), k.AnsweredAt)";

    /// <summary>
    /// When a person now safe became safe: the first applied "safe" answer after their last applied other answer
    /// (so "safe" sent twice counts from the first, and "help" then "safe" counts from the "safe"); the current
    /// answer's time when there is no history.
    /// </summary>
    public static readonly string BecameSafeAt = $"""
        COALESCE((SELECT MIN(h.AnsweredAt) FROM CheckInChanges h
            WHERE h.CheckInId = k.Id AND h.Applied = 1 AND h."To" = '{nameof(CheckInAnswer.Safe)}'
              AND h.AnsweredAt >= COALESCE((SELECT MAX(o.AnsweredAt) FROM CheckInChanges o
                  WHERE o.CheckInId = k.Id AND o.Applied = 1 AND o."To" <> '{nameof(CheckInAnswer.Safe)}'), 0)), k.AnsweredAt)
        """;
}
