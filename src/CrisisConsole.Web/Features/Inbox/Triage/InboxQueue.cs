using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Webhooks;

namespace CrisisConsole.Web.Features.Inbox.Triage;

/// <summary>Which states the queue shows: the open ones (new and in progress) by default.</summary>
public enum InboxStateFilter
{
    Open,
    New,
    InProgress,
    Resolved,
    All,
}

/// <summary>The inbox filters; null means any.</summary>
public sealed record InboxFilter(
    InboxStateFilter State = InboxStateFilter.Open,
    InboundClassification? Classification = null,
    string? Zone = null,
    string? Language = null,
    int? IncidentId = null);

/// <summary>One row of the queue, with what a responder needs to decide who to help first.</summary>
public sealed record InboxRow(
    long Id,
    InboundClassification Classification,
    TriageState State,
    int? ContactId,
    string? ContactName,
    string FromAddress,
    MessageChannel Channel,
    InboundKind Kind,
    string? Text,
    bool HasLocation,
    int MediaCount,
    string? Zone,
    string? Language,
    DateTimeOffset ReceivedAt,
    string? AssignedToName)
{
    /// <summary>The contact's name, or "Unknown sender" with the number masked (the row is a list, not the item).</summary>
    public string SenderLabel => ContactName ?? "Unknown sender " + CrisisConsole.Gateways.Phone.E164.Mask(FromAddress);

    /// <summary>What the person sent when there is no text: a location, a photo, a button.</summary>
    public string Summary => !string.IsNullOrWhiteSpace(Text) ? Text
        : HasLocation ? "(location)"
        : MediaCount > 0 ? $"({MediaCount} attachment{(MediaCount == 1 ? "" : "s")})"
        : "(no text)";
}

public sealed record InboxPage(IReadOnlyList<InboxRow> Rows, int Total);

/// <summary>The choices of the inbox filters.</summary>
public sealed record InboxFilterChoices(IReadOnlyList<string> Zones, IReadOnlyList<string> Languages, IReadOnlyList<IncidentChoice> Incidents);

public sealed record IncidentChoice(int Id, string Title)
{
    public string Text => $"#{Id} {Title}";
}

/// <summary>How the inbox writes classifications and states for people.</summary>
public static class InboxFormat
{
    public static string Classification(InboundClassification classification) => classification switch
    {
        InboundClassification.NeedsHelp => "Needs help",
        InboundClassification.Question => "Question",
        InboundClassification.Safe => "Safe",
        InboundClassification.OptOut => "Opted out",
        InboundClassification.OptIn => "Opted in",
        _ => "Other",
    };

    public static string BadgeClass(InboundClassification classification) => classification switch
    {
        InboundClassification.NeedsHelp => "cc-badge cc-badge-danger",
        InboundClassification.Question => "cc-badge cc-badge-warning",
        InboundClassification.Safe => "cc-badge cc-badge-ok",
        _ => "cc-badge cc-badge-muted",
    };

    public static string State(TriageState state) => state switch
    {
        TriageState.New => "New",
        TriageState.InProgress => "In progress",
        _ => "Resolved",
    };

    public static string StateFilter(InboxStateFilter filter) => filter switch
    {
        InboxStateFilter.Open => "Open (new and in progress)",
        InboxStateFilter.New => "New",
        InboxStateFilter.InProgress => "In progress",
        InboxStateFilter.Resolved => "Resolved",
        _ => "All",
    };
}
