using System.Linq.Expressions;

namespace CrisisConsole.Web.Features.Contacts;

/// <summary>
/// THE rule for who may be messaged. Segments, the broadcast preview, approval (freezing recipients)
/// and dispatch (just before each send) all ask this class; nothing else may test consent for sending.
/// <list type="bullet">
/// <item>A deleted or opted-out contact is never messaged, whatever a segment or an operator asks.
/// Opted-out contacts can still be edited; that never makes them messageable until they opt in again.</item>
/// <item>By default only opted-in contacts are messaged. A segment may be explicitly widened to include
/// contacts whose consent is unknown (<c>includeWithoutOptIn</c>); it can never be widened to opted-out ones.</item>
/// </list>
/// The expressions translate to SQL (EF Core), so a query over 100,000 contacts filters in the database;
/// the methods apply the same rule to a contact already in memory, and the tests keep the two equal.
/// </summary>
public static class ContactMessagingPolicy
{
    /// <summary>May ever be messaged: live and not opted out. Dispatch checks this again right before sending.</summary>
    public static readonly Expression<Func<Contact, bool>> Messageable =
        c => c.DeletedAt == null && c.Consent != ConsentStatus.OptedOut;

    /// <summary>Messaged by a default (not widened) segment: live and opted in.</summary>
    public static readonly Expression<Func<Contact, bool>> OptedIn =
        c => c.DeletedAt == null && c.Consent == ConsentStatus.OptedIn;

    private static readonly Func<Contact, bool> MessageableCompiled = Messageable.Compile();
    private static readonly Func<Contact, bool> OptedInCompiled = OptedIn.Compile();

    /// <summary>The filter a segment applies: <see cref="OptedIn"/>, or <see cref="Messageable"/> when widened.</summary>
    public static Expression<Func<Contact, bool>> Eligible(bool includeWithoutOptIn) =>
        includeWithoutOptIn ? Messageable : OptedIn;

    public static bool CanMessage(Contact contact) => MessageableCompiled(contact);

    public static bool IsEligible(Contact contact, bool includeWithoutOptIn) =>
        includeWithoutOptIn ? MessageableCompiled(contact) : OptedInCompiled(contact);

    /// <summary>Why a contact is left out (for the preview's "excluded and why"), or null when it is eligible.</summary>
    public static MessagingExclusion? Exclusion(Contact contact, bool includeWithoutOptIn) => contact switch
    {
        { DeletedAt: not null } => MessagingExclusion.Deleted,
        { Consent: ConsentStatus.OptedOut } => MessagingExclusion.OptedOut,
        { Consent: ConsentStatus.Unknown } when !includeWithoutOptIn => MessagingExclusion.NoConsent,
        _ => null,
    };
}

public enum MessagingExclusion
{
    Deleted,
    OptedOut,
    NoConsent,
}
