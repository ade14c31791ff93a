using System.Reflection;

namespace CrisisConsole.Web.Features.Audit;

/// <summary>The names of audited actions. Filters on the audit page list these.</summary>
public static class AuditActions
{
    public const string SignIn = "auth.sign_in";
    public const string SignInFailed = "auth.sign_in_failed";
    public const string SignInLockedOut = "auth.locked_out";
    public const string SignOut = "auth.sign_out";

    public const string UserCreated = "user.created";
    public const string UserUpdated = "user.updated";
    public const string UserDisabled = "user.disabled";
    public const string UserEnabled = "user.enabled";
    public const string UserPasswordReset = "user.password_reset";
    public const string UserRolesChanged = "user.roles_changed";
    public const string UserPasswordChanged = "user.password_changed";
    public const string UserPasswordChangeFailed = "user.password_change_failed";

    public const string ContactCreated = "contact.created";
    public const string ContactUpdated = "contact.updated";
    public const string ContactDeleted = "contact.deleted";
    public const string ContactConsentChanged = "contact.consent_changed";
    public const string ContactsImported = "contacts.imported";
    public const string ContactsExported = "contacts.exported";

    public const string SegmentCreated = "segment.created";
    public const string SegmentUpdated = "segment.updated";
    public const string SegmentDeleted = "segment.deleted";

    public const string TemplateCreated = "template.created";
    public const string TemplateUpdated = "template.updated";
    public const string TemplateRetired = "template.retired";
    public const string TemplateUnretired = "template.unretired";

    public const string BroadcastCreated = "broadcast.created";
    public const string BroadcastUpdated = "broadcast.updated";
    public const string BroadcastSubmitted = "broadcast.submitted";
    public const string BroadcastApproved = "broadcast.approved";
    public const string BroadcastRejected = "broadcast.rejected";
    public const string BroadcastApprovalRefused = "broadcast.approval_refused";
    public const string BroadcastReopened = "broadcast.reopened";
    public const string BroadcastCancelled = "broadcast.cancelled";
    public const string BroadcastSending = "broadcast.sending";
    public const string BroadcastPaused = "broadcast.paused";
    public const string BroadcastResumed = "broadcast.resumed";
    public const string BroadcastCompleted = "broadcast.completed";

    public const string IncidentOpened = "incident.opened";
    public const string IncidentStateChanged = "incident.state_changed";
    public const string IncidentNoteAdded = "incident.note_added";
    public const string IncidentReminded = "incident.reminded";
    public const string IncidentReviewUpdated = "incident.review_updated";
    public const string IncidentReportExported = "incident.report_exported";
    public const string InboxItemAssigned = "inbox.assigned";
    public const string InboxItemUnassigned = "inbox.unassigned";
    public const string InboxNoteAdded = "inbox.note_added";
    public const string InboxStateChanged = "inbox.state_changed";

    public const string ApiKeyCreated = "apikey.created";
    public const string ApiKeyRevoked = "apikey.revoked";
    public const string ApiKeyProvisioned = "apikey.provisioned";

    public const string InboxReplyQueued = "inbox.reply_queued";
    public const string UnknownSenderOptedOut = "unknown_sender.opted_out";
    public const string UnknownSenderOptedIn = "unknown_sender.opted_in";
    public const string AutoReplyCreated = "auto_reply.created";
    public const string AutoReplyUpdated = "auto_reply.updated";
    public const string AutoReplyRetired = "auto_reply.retired";
    public const string AutoReplyRestored = "auto_reply.restored";

    /// <summary>
    /// Every action name, sorted, for the audit page's filter. Read from the constants above so a
    /// feature that adds its action here never has to touch the page.
    /// </summary>
    public static IReadOnlyList<string> All { get; } = typeof(AuditActions)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .Order(StringComparer.Ordinal)
        .ToList();
}
