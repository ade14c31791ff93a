using System.Linq.Expressions;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Contacts;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Segments;

/// <summary>
/// Turns segment rules into database queries of contact ids. Every caller (the live count, the member
/// list, the broadcast preview and approval) goes through here, so they always agree. The queries select
/// from the Contacts table, so a contact appears once however many groups, tags or segments match it;
/// consent is applied through <see cref="ContactMessagingPolicy"/>.
/// </summary>
public static class SegmentResolver
{
    /// <summary>The ids of the live, eligible contacts the rule selects, each once.</summary>
    public static IQueryable<int> ContactIds(AppDbContext db, SegmentRule rule) =>
        Contacts(db, rule).Select(c => c.Id);

    /// <summary>
    /// The union of several rules (a broadcast to several segments): each contact once. Each rule keeps
    /// its own consent setting, so widening one segment does not widen the others.
    /// </summary>
    public static IQueryable<int> ContactIds(AppDbContext db, IEnumerable<SegmentRule> rules)
    {
        IQueryable<int>? union = null;
        foreach (var rule in rules)
        {
            var ids = ContactIds(db, rule);
            union = union is null ? ids : union.Union(ids);
        }

        // No segment selects nobody (never everyone).
        return union ?? db.Set<Contact>().Where(c => false).Select(c => c.Id);
    }

    /// <summary>The union of stored segments by id. Unknown or deleted ids select nobody.</summary>
    public static async Task<IQueryable<int>> ContactIdsAsync(AppDbContext db, IEnumerable<int> segmentIds, CancellationToken cancellationToken = default)
    {
        var ids = segmentIds.Distinct().ToList();
        var segments = await db.Set<Segment>().AsNoTracking()
            .Where(s => ids.Contains(s.Id) && s.DeletedAt == null)
            .ToListAsync(cancellationToken);
        return ContactIds(db, segments.Select(s => s.Rule));
    }

    /// <summary>The contacts the rule selects, for paging and sorting the member list.</summary>
    public static IQueryable<Contact> Contacts(AppDbContext db, SegmentRule rule) =>
        Matching(db, rule).Where(ContactMessagingPolicy.Eligible(rule.IncludeWithoutOptIn));

    /// <summary>
    /// The live contacts the rule's groups, tags, zones and languages select, whatever their consent.
    /// Never a list to message: the broadcast preview uses it to count who is left out, and why.
    /// </summary>
    public static IQueryable<Contact> Matching(AppDbContext db, SegmentRule rule)
    {
        var contacts = db.Set<Contact>().Where(c => c.DeletedAt == null);
        if (rule.Zones.Count > 0)
        {
            var zones = rule.Zones.ToList();
            contacts = contacts.Where(c => c.Zone != null && zones.Contains(c.Zone));
        }

        if (rule.Languages.Count > 0)
        {
            contacts = contacts.Where(LanguageMatches(rule.Languages));
        }

        if (rule.Groups.Count > 0)
        {
            var inGroups = LabelOwners(db, LabelKind.Group, rule.Groups);
            contacts = contacts.Where(c => inGroups.Contains(c.Id));
        }

        if (rule.Tags.Count > 0)
        {
            var tagged = LabelOwners(db, LabelKind.Tag, rule.Tags);
            contacts = contacts.Where(c => tagged.Contains(c.Id));
        }

        return contacts;
    }

    // A sub-query over the (Kind, Value, ContactId) index; used as "Id IN (...)", so a contact in two of
    // the groups is still one row of Contacts.
    private static IQueryable<int> LabelOwners(AppDbContext db, LabelKind kind, IReadOnlyList<string> values)
    {
        var list = values.ToList();
        return db.Set<ContactLabel>().Where(l => l.Kind == kind && list.Contains(l.Value)).Select(l => l.ContactId);
    }

    // "fr" matches "fr" and "fr-CA"; "fr-CA" matches only itself.
    private static Expression<Func<Contact, bool>> LanguageMatches(IReadOnlyList<string> languages)
    {
        var contact = Expression.Parameter(typeof(Contact), "c");
        var language = Expression.Property(contact, nameof(Contact.Language));
        var startsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;
        Expression? any = null;
        foreach (var tag in languages.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            Expression match = Expression.Equal(language, Expression.Constant(tag));
            if (!tag.Contains('-'))
            {
                match = Expression.OrElse(match, Expression.Call(language, startsWith, Expression.Constant(tag + "-")));
            }

            any = any is null ? match : Expression.OrElse(any, match);
        }

        return Expression.Lambda<Func<Contact, bool>>(any ?? Expression.Constant(true), contact);
    }
}
