using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Contacts;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Segments;

public sealed record SegmentSummary(int Id, string Name, string? Description, string Rule, int Members, DateTimeOffset UpdatedAt);

public sealed record SegmentSaveResult(Segment? Segment, IReadOnlyDictionary<string, string> Errors)
{
    public bool Succeeded => Segment is not null;
}

/// <summary>Lists, saves and deletes segments, and counts and pages their members through <see cref="SegmentResolver"/>.</summary>
public sealed class SegmentService(IDbContextFactory<AppDbContext> contexts, AuditLog audit, TimeProvider clock)
{
    public async Task<List<SegmentSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var segments = await db.Set<Segment>().AsNoTracking().Where(s => s.DeletedAt == null).OrderBy(s => s.Name).ToListAsync(cancellationToken);
        var result = new List<SegmentSummary>(segments.Count);
        foreach (var segment in segments)
        {
            var members = await SegmentResolver.ContactIds(db, segment.Rule).CountAsync(cancellationToken);
            result.Add(new SegmentSummary(segment.Id, segment.Name, segment.Description, segment.Rule.Describe(), members, segment.UpdatedAt));
        }

        return result;
    }

    public async Task<Segment?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<Segment>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == id && s.DeletedAt == null, cancellationToken);
    }

    /// <summary>How many distinct contacts the rule selects now (the editor's live count).</summary>
    public async Task<int> CountAsync(SegmentRule rule, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await SegmentResolver.ContactIds(db, rule).CountAsync(cancellationToken);
    }

    /// <summary>One page of members, sorted by name.</summary>
    public async Task<ContactPage> MembersAsync(SegmentRule rule, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var members = SegmentResolver.Contacts(db, rule);
        var total = await members.CountAsync(cancellationToken);
        var page = await members.OrderBy(c => c.Name).ThenBy(c => c.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500))
            .AsNoTracking().ToListAsync(cancellationToken);
        return new ContactPage(await ContactService.ToRowsAsync(db, page, cancellationToken), total);
    }

    public async Task<SegmentSaveResult> SaveAsync(int? id, SegmentInput input, AuditActor actor, CancellationToken cancellationToken = default)
    {
        var errors = input.Validate(out var rule);
        if (errors.Count > 0)
        {
            return new SegmentSaveResult(null, errors);
        }

        var name = input.Name.Trim();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Set<Segment>().AnyAsync(s => s.Name == name && s.DeletedAt == null && s.Id != (id ?? 0), cancellationToken))
        {
            return new SegmentSaveResult(null, new Dictionary<string, string> { [nameof(SegmentInput.Name)] = "Another segment already has this name." });
        }

        var now = clock.GetUtcNow();
        Segment? segment;
        if (id is null)
        {
            segment = new Segment { CreatedAt = now, CreatedBy = actor.Name };
            db.Set<Segment>().Add(segment);
        }
        else
        {
            segment = await db.Set<Segment>().SingleOrDefaultAsync(s => s.Id == id && s.DeletedAt == null, cancellationToken);
            if (segment is null)
            {
                return new SegmentSaveResult(null, new Dictionary<string, string> { [""] = "This segment no longer exists; it may have been deleted." });
            }
        }

        var before = segment.Id == 0 ? null : segment.Rule.Describe();
        segment.Name = name;
        segment.Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        segment.Groups = rule.Groups.ToList();
        segment.Tags = rule.Tags.ToList();
        segment.Zones = rule.Zones.ToList();
        segment.Languages = rule.Languages.ToList();
        segment.IncludeWithoutOptIn = rule.IncludeWithoutOptIn;
        segment.UpdatedAt = now;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is SqliteException { SqliteErrorCode: 19 })
        {
            return new SegmentSaveResult(null, new Dictionary<string, string> { [nameof(SegmentInput.Name)] = "Another segment already has this name." });
        }

        var after = segment.Rule.Describe();
        audit.Add(db, actor, id is null ? AuditActions.SegmentCreated : AuditActions.SegmentUpdated, "Segment", segment.Id.ToString(),
            id is null ? $"Segment '{segment.Name}' created: {after}" : $"Segment '{segment.Name}' saved: {(before == after ? after : before + " → " + after)}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SegmentSaveResult(segment, new Dictionary<string, string>());
    }

    public async Task<bool> DeleteAsync(int id, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var segment = await db.Set<Segment>().SingleOrDefaultAsync(s => s.Id == id && s.DeletedAt == null, cancellationToken);
        if (segment is null)
        {
            return false;
        }

        segment.DeletedAt = clock.GetUtcNow();
        audit.Add(db, actor, AuditActions.SegmentDeleted, "Segment", segment.Id.ToString(), $"Segment '{segment.Name}' deleted");
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
