using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Incidents.Reports;

/// <summary>The operators' part of the report: what caused the incident, what fixed it, and what was learned.</summary>
public sealed record IncidentReviewInput(string? Cause, string? Fix, string? LessonsLearned);

public sealed record IncidentReviewResult(Guid? Version, string? Error, bool Conflict = false)
{
    public bool Saved => Error is null;
}

/// <summary>
/// Saves the review under the incident's <see cref="Incident.Version"/> token, so two operators editing at once
/// cannot overwrite each other unknowingly. The change is audited and noted on the timeline in the same
/// SaveChanges. The texts are not copied into the audit entry (they may name people); only which fields changed.
/// </summary>
public sealed class IncidentReviewService(IDbContextFactory<AppDbContext> contexts, AuditLog audit, TimeProvider time)
{
    public static IReadOnlyList<string> Validate(IncidentReviewInput input)
    {
        var errors = new List<string>();
        void Check(string? text, string label)
        {
            if (text?.Trim().Length > Incident.ReviewMaxLength)
            {
                errors.Add($"{label} is {text.Trim().Length:N0} characters long; at most {Incident.ReviewMaxLength:N0} are allowed.");
            }
        }

        Check(input.Cause, "The cause");
        Check(input.Fix, "The fix");
        Check(input.LessonsLearned, "Lessons learned");
        return errors;
    }

    public async Task<IncidentReviewResult> SaveAsync(int incidentId, Guid expectedVersion, IncidentReviewInput input, AuditActor actor,
        CancellationToken cancellationToken = default)
    {
        if (Validate(input) is { Count: > 0 } errors)
        {
            return new IncidentReviewResult(null, string.Join(" ", errors));
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incident = await db.Set<Incident>().FirstOrDefaultAsync(i => i.Id == incidentId, cancellationToken);
        if (incident is null)
        {
            return new IncidentReviewResult(null, $"There is no incident #{incidentId}.");
        }

        if (incident.Version != expectedVersion)
        {
            return Conflicted();
        }

        var (cause, fix, lessons) = (Clean(input.Cause), Clean(input.Fix), Clean(input.LessonsLearned));
        var changed = new List<string>();
        if (cause != incident.Cause) changed.Add("cause");
        if (fix != incident.Fix) changed.Add("fix");
        if (lessons != incident.LessonsLearned) changed.Add("lessons learned");
        if (changed.Count == 0)
        {
            return new IncidentReviewResult(incident.Version, null);
        }

        var now = time.GetUtcNow();
        incident.Cause = cause;
        incident.Fix = fix;
        incident.LessonsLearned = lessons;
        incident.UpdatedAt = now;
        incident.Version = Guid.NewGuid();
        var what = "Review updated: " + string.Join(", ", changed);
        db.Add(new IncidentTimelineEntry
        {
            IncidentId = incidentId,
            Kind = IncidentTimelineKind.ReviewUpdated,
            Text = what,
            ActorId = actor.Id,
            ActorName = actor.Name,
            At = now,
        });
        audit.Add(db, actor, AuditActions.IncidentReviewUpdated, nameof(Incident), incidentId.ToString(), what);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone saved between our read and our write: the Version token refused the update.
            return Conflicted();
        }

        return new IncidentReviewResult(incident.Version, null);
    }

    private static IncidentReviewResult Conflicted() => new(null,
        "Someone else changed this incident while you were editing. Reload the report to see their changes, then edit again.", Conflict: true);

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim().ReplaceLineEndings("\n");
}
