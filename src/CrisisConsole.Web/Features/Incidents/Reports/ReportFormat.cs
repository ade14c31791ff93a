using System.Globalization;
using CrisisConsole.Gateways.Messaging;

namespace CrisisConsole.Web.Features.Incidents.Reports;

/// <summary>How the report page and the Markdown export write rates, durations, channels and times.</summary>
public static class ReportFormat
{
    public static string Rate(double? rate) => rate is { } value ? (value * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "—";

    /// <summary>"850 ms", "12.5 s", "3 min 20 s", "2 h 05 min"; "—" when there is nothing to measure.</summary>
    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "—",
        { TotalSeconds: < 1 } d => $"{d.TotalMilliseconds:0} ms",
        { TotalSeconds: < 60 } d => d.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s",
        { TotalHours: < 1 } d => $"{(int)d.TotalMinutes} min {d.Seconds:00} s",
        { } d => $"{(int)d.TotalHours} h {d.Minutes:00} min",
    };

    public static string Channel(MessageChannel? channel) => channel switch
    {
        MessageChannel.WhatsApp => "WhatsApp",
        MessageChannel.Sms => "SMS",
        null => "All channels",
        _ => channel.ToString()!,
    };

    public static string Time(DateTimeOffset? at) => at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : "—";

    /// <summary>Seconds with millisecond precision for the API; null when there is nothing to measure.</summary>
    public static double? Seconds(TimeSpan? duration) => duration is { } d ? Math.Round(d.TotalMilliseconds / 1000.0, 3) : null;

    public static string Kind(IncidentTimelineKind kind) => kind switch
    {
        IncidentTimelineKind.StateChanged => "State",
        IncidentTimelineKind.BroadcastCreated => "Broadcast created",
        IncidentTimelineKind.BroadcastApproved => "Broadcast approved",
        IncidentTimelineKind.BroadcastRejected => "Broadcast rejected",
        IncidentTimelineKind.BroadcastStarted => "Broadcast started",
        IncidentTimelineKind.BroadcastCompleted => "Broadcast completed",
        IncidentTimelineKind.BroadcastCancelled => "Broadcast cancelled",
        IncidentTimelineKind.ReviewUpdated => "Review",
        _ => kind.ToString(),
    };
}
