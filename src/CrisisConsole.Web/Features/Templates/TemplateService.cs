using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Templates;

/// <summary>
/// Reads and stores templates. Reading is for everyone who composes (the composer, the dispatcher,
/// the API); the editing pages that call the write methods are Admin-only. Every write is validated
/// with <see cref="TemplateValidator"/> again, whatever the page did, and audited in the same
/// SaveChanges as the change.
/// </summary>
public sealed partial class TemplateService(IDbContextFactory<AppDbContext> contexts, AuditLog audit, TimeProvider clock, ILogger<TemplateService> logger)
{
    public async Task<List<TemplateSummary>> ListAsync(TemplateListFilter? filter = null, CancellationToken cancellationToken = default)
    {
        filter ??= new TemplateListFilter();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Set<MessageTemplate>().AsNoTracking();
        query = filter.Status switch
        {
            TemplateStatusFilter.Active => query.Where(t => !t.IsRetired),
            TemplateStatusFilter.Retired => query.Where(t => t.IsRetired),
            _ => query,
        };
        if (filter.Category is { } category)
        {
            query = query.Where(t => t.Category == category);
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var pattern = "%" + EscapeLike(filter.Search.Trim()) + "%";
            query = query.Where(t => EF.Functions.Like(t.Name, pattern, "\\") || EF.Functions.Like(t.Description, pattern, "\\"));
        }

        var rows = await query
            .OrderBy(t => t.Name)
            .Select(t => new
            {
                t.Id, t.Name, t.Category, t.Description, t.DefaultLanguage, t.Variables, t.IsRetired, t.UpdatedAt,
                Languages = t.Variants.Select(v => v.Language).ToList(),
            })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new TemplateSummary(
                r.Id, r.Name, r.Category, r.Description, r.DefaultLanguage,
                [.. r.Languages.OrderBy(l => !string.Equals(l, r.DefaultLanguage, StringComparison.OrdinalIgnoreCase)).ThenBy(l => l, StringComparer.Ordinal)],
                r.Variables, r.IsRetired, r.UpdatedAt))
            .ToList();
    }

    /// <summary>The template with its variants, retired or not; null when there is none.</summary>
    public async Task<MessageTemplate?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<MessageTemplate>().AsNoTracking().Include(t => t.Variants)
            .SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
    }

    /// <summary>
    /// The template of that name with its variants, as the API and the composer look it up. A retired
    /// template is not returned unless asked for: it must not be used for new broadcasts.
    /// </summary>
    public async Task<MessageTemplate?> GetByNameAsync(string name, bool includeRetired = false, CancellationToken cancellationToken = default)
    {
        var wanted = (name ?? "").Trim().ToLowerInvariant();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<MessageTemplate>().AsNoTracking().Include(t => t.Variants)
            .SingleOrDefaultAsync(t => t.Name == wanted && (includeRetired || !t.IsRetired), cancellationToken);
    }

    public async Task<bool> NameExistsAsync(string name, int? exceptId = null, CancellationToken cancellationToken = default)
    {
        var wanted = (name ?? "").Trim();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<MessageTemplate>().AnyAsync(t => t.Name == wanted && t.Id != (exceptId ?? 0), cancellationToken);
    }

    public async Task<TemplateSaveResult> CreateAsync(TemplateDraft draft, AuditActor actor, CancellationToken cancellationToken = default)
    {
        var clean = Clean(draft);
        var validation = TemplateValidator.Validate(clean);
        if (validation.HasErrors)
        {
            return new TemplateSaveResult(null, validation);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Set<MessageTemplate>().AnyAsync(t => t.Name == clean.Name, cancellationToken))
        {
            return NameTaken(clean.Name);
        }

        var now = Now();
        var template = new MessageTemplate
        {
            CreatedAt = now,
            CreatedBy = actor.Name,
        };
        Apply(clean, template, now, actor);
        db.Set<MessageTemplate>().Add(template);
        try
        {
            // The audit entry needs the new id, so two saves; one transaction keeps them together.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            audit.Add(db, actor, AuditActions.TemplateCreated, "Template", template.Id.ToString(),
                $"Template '{template.Name}' ({template.Category.Display()}) created with languages {string.Join(", ", template.Variants.Select(v => v.Language))}");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (IsUniqueNameViolation(e))
        {
            return NameTaken(clean.Name);
        }

        LogCreated(logger, template.Name, template.Id);
        return new TemplateSaveResult(template, validation);
    }

    public async Task<TemplateSaveResult> UpdateAsync(int id, TemplateDraft draft, AuditActor actor, CancellationToken cancellationToken = default)
    {
        var clean = Clean(draft);
        var validation = TemplateValidator.Validate(clean);
        if (validation.HasErrors)
        {
            return new TemplateSaveResult(null, validation);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var template = await db.Set<MessageTemplate>().Include(t => t.Variants).SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (template is null)
        {
            return TemplateSaveResult.Refused(TemplateField.Name, "This template no longer exists. Go back to the list.");
        }

        if (clean.LoadedVersion is { } loaded && loaded != template.UpdatedAt)
        {
            return ChangedMeanwhile(template);
        }

        if (await db.Set<MessageTemplate>().AnyAsync(t => t.Name == clean.Name && t.Id != id, cancellationToken))
        {
            return NameTaken(clean.Name);
        }

        var changes = TemplateChangeSummary.Describe(TemplateDraft.From(template), clean);
        Apply(clean, template, Now(), actor);
        audit.Add(db, actor, AuditActions.TemplateUpdated, "Template", template.Id.ToString(),
            $"Template '{template.Name}' updated: {(changes.Count == 0 ? "no change" : string.Join("; ", changes))}");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ChangedMeanwhile(template);
        }
        catch (DbUpdateException e) when (IsUniqueNameViolation(e))
        {
            return NameTaken(clean.Name);
        }

        LogUpdated(logger, template.Name, template.Id);
        return new TemplateSaveResult(template, validation);
    }

    /// <summary>Takes the template out of use: the composer no longer offers it and the API refuses it. Reversible.</summary>
    public Task<MessageTemplate> RetireAsync(int id, AuditActor actor, CancellationToken cancellationToken = default) =>
        SetRetiredAsync(id, true, actor, cancellationToken);

    public Task<MessageTemplate> UnretireAsync(int id, AuditActor actor, CancellationToken cancellationToken = default) =>
        SetRetiredAsync(id, false, actor, cancellationToken);

    private async Task<MessageTemplate> SetRetiredAsync(int id, bool retired, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var template = await db.Set<MessageTemplate>().Include(t => t.Variants).SingleOrDefaultAsync(t => t.Id == id, cancellationToken)
            ?? throw new KeyNotFoundException("This template no longer exists.");
        if (template.IsRetired == retired)
        {
            return template;
        }

        template.IsRetired = retired;
        template.UpdatedAt = Now();
        template.UpdatedBy = actor.Name;
        audit.Add(db, actor, retired ? AuditActions.TemplateRetired : AuditActions.TemplateUnretired, "Template", template.Id.ToString(),
            $"Template '{template.Name}' {(retired ? "retired" : "returned to use")}");
        await db.SaveChangesAsync(cancellationToken);
        LogRetired(logger, template.Name, template.Id, retired);
        return template;
    }

    /// <summary>Trims everything and normalises language tags, so that "FR " and "fr" are one language.</summary>
    internal static TemplateDraft Clean(TemplateDraft draft) => new()
    {
        Name = (draft.Name ?? "").Trim(),
        Category = draft.Category,
        Description = (draft.Description ?? "").Trim(),
        DefaultLanguage = NormalizeLanguage(draft.DefaultLanguage),
        Variables = [.. draft.Variables.Select(v => (v ?? "").Trim()).Where(v => v.Length > 0)],
        Variants = [.. draft.Variants.Select(v => new VariantDraft
        {
            Language = NormalizeLanguage(v.Language),
            Text = (v.Text ?? "").Trim(),
            QuickReplies = [.. v.QuickReplies.Select(r => new QuickReply { Payload = (r.Payload ?? "").Trim(), Title = (r.Title ?? "").Trim() })],
            TwilioContentSid = Blank(v.TwilioContentSid),
            MetaTemplateName = Blank(v.MetaTemplateName),
            MetaTemplateLanguage = Blank(v.MetaTemplateLanguage),
        })],
        LoadedVersion = draft.LoadedVersion,
    };

    private static void Apply(TemplateDraft draft, MessageTemplate template, DateTimeOffset now, AuditActor actor)
    {
        template.Name = draft.Name;
        template.Category = draft.Category;
        template.Description = draft.Description;
        template.DefaultLanguage = draft.DefaultLanguage;
        template.Variables = [.. draft.Variables];
        template.UpdatedAt = now;
        template.UpdatedBy = actor.Name;

        // Variants are matched by language and updated in place; the unique (TemplateId, Language)
        // index then never sees a delete and re-insert of the same language.
        foreach (var gone in template.Variants.Where(v => !draft.Variants.Any(d => SameLanguage(d.Language, v.Language))).ToList())
        {
            template.Variants.Remove(gone);
        }

        foreach (var source in draft.Variants)
        {
            var variant = template.Variants.FirstOrDefault(v => SameLanguage(v.Language, source.Language));
            if (variant is null)
            {
                variant = new TemplateVariant();
                template.Variants.Add(variant);
            }

            variant.Language = source.Language;
            variant.Text = source.Text;
            variant.QuickReplies = [.. source.QuickReplies.Select(r => new QuickReply { Payload = r.Payload, Title = r.Title })];
            variant.TwilioContentSid = source.TwilioContentSid;
            variant.MetaTemplateName = source.MetaTemplateName;
            variant.MetaTemplateLanguage = source.MetaTemplateLanguage;
        }
    }

    private static TemplateSaveResult NameTaken(string name) =>
        TemplateSaveResult.Refused(TemplateField.Name, $"A template named \"{name}\" already exists (it may be retired). Choose another name.");

    private static TemplateSaveResult ChangedMeanwhile(MessageTemplate stored) =>
        TemplateSaveResult.Refused(TemplateField.Name,
            $"{(string.IsNullOrEmpty(stored.UpdatedBy) ? "Someone" : stored.UpdatedBy)} saved this template after you opened it. Reload it to see their changes, then apply yours again.");

    private static bool IsUniqueNameViolation(DbUpdateException e) =>
        e.InnerException is SqliteException { SqliteErrorCode: 19 } sqlite && sqlite.Message.Contains("MessageTemplates.Name", StringComparison.Ordinal);

    private static bool SameLanguage(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    // An ill-formed tag is kept as typed (trimmed) for the validator to report.
    private static string NormalizeLanguage(string? typed)
    {
        _ = LanguageTags.TryNormalize(typed, out var tag);
        return tag;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    // Stored as Unix milliseconds: keep the in-memory value equal to what is stored, so the
    // concurrency check compares like with like.
    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds());

    [LoggerMessage(Level = LogLevel.Information, Message = "Template {TemplateName} ({TemplateId}) created")]
    private static partial void LogCreated(ILogger logger, string templateName, int templateId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Template {TemplateName} ({TemplateId}) updated")]
    private static partial void LogUpdated(ILogger logger, string templateName, int templateId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Template {TemplateName} ({TemplateId}) retired: {Retired}")]
    private static partial void LogRetired(ILogger logger, string templateName, int templateId, bool retired);
}
