using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.CheckIns;

namespace CrisisConsole.Web.Features.Dashboard;

/// <summary>Who may watch broadcasts, and how the dashboards write states, answers and times.</summary>
public static class DashboardFormat
{
    /// <summary>Every role follows a broadcast; only some compose, approve or control it.</summary>
    public const string Viewers = Roles.Admin + "," + Roles.Supervisor + "," + Roles.Operator + "," + Roles.Responder;

    public static string Time(DateTimeOffset? at) => at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss") + " UTC" : "—";

    public static string State(BroadcastState state) => state switch
    {
        BroadcastState.PendingApproval => "Pending approval",
        _ => state.ToString(),
    };

    public static string StateBadgeClass(BroadcastState state) => state switch
    {
        BroadcastState.Sending or BroadcastState.Approved => "cc-badge cc-badge-ok",
        BroadcastState.Paused or BroadcastState.PendingApproval => "cc-badge cc-badge-warning",
        BroadcastState.Rejected or BroadcastState.Cancelled => "cc-badge cc-badge-danger",
        _ => "cc-badge cc-badge-muted",
    };

    public static string Answer(CheckInAnswer? answer) => answer switch
    {
        CheckInAnswer.Safe => "Safe",
        CheckInAnswer.NeedsHelp => "Needs help",
        _ => "No answer",
    };

    public static string Status(DeliveryStatus status) => status.ToString();

    public static string Rate(double? perSecond) => perSecond is { } rate ? $"{rate:0.#} msg/s" : "—";
}
