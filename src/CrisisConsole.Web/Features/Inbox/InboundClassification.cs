namespace CrisisConsole.Web.Features.Inbox;

/// <summary>What an inbound message says, as the inbox reads it. The API spells these in snake case.</summary>
public enum InboundClassification
{
    Safe,
    NeedsHelp,
    Question,
    OptOut,
    OptIn,
    Other,
}

/// <summary>Where an item is in the responders' work.</summary>
public enum TriageState
{
    New,
    InProgress,
    Resolved,
}

/// <summary>
/// The order of the triage queue: people who need help first, then questions, then everything else.
/// Safe answers and consent keywords need no responder; they are resolved on arrival and sort last.
/// </summary>
public static class InboxPriority
{
    public static int Of(InboundClassification classification) => classification switch
    {
        InboundClassification.NeedsHelp => 0,
        InboundClassification.Question => 1,
        InboundClassification.Other => 2,
        _ => 3,
    };

    /// <summary>Classifications that close themselves: nobody has to act on them.</summary>
    public static bool ResolvesOnArrival(InboundClassification classification) =>
        classification is InboundClassification.Safe or InboundClassification.OptOut or InboundClassification.OptIn;

    public static string ToWire(InboundClassification classification) => classification switch
    {
        InboundClassification.Safe => "safe",
        InboundClassification.NeedsHelp => "needs_help",
        InboundClassification.Question => "question",
        InboundClassification.OptOut => "opt_out",
        InboundClassification.OptIn => "opt_in",
        _ => "other",
    };

    public static string ToWire(TriageState state) => state switch
    {
        TriageState.New => "new",
        TriageState.InProgress => "in_progress",
        _ => "resolved",
    };
}
