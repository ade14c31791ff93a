using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Inbox;

/// <summary>What an admin types for a keyword auto-reply.</summary>
public sealed class KeywordAutoReplyInput
{
    public string Keyword { get; set; } = "";
    public string ReplyEn { get; set; } = "";
    public string? ReplyFr { get; set; }
    public string? ReplyAr { get; set; }

    public static KeywordAutoReplyInput From(KeywordAutoReply reply) => new()
    {
        Keyword = reply.DisplayKeyword,
        ReplyEn = reply.ReplyEn,
        ReplyFr = reply.ReplyFr,
        ReplyAr = reply.ReplyAr,
    };
}

/// <summary>The saved row, or the problems keyed by field name.</summary>
public sealed record KeywordAutoReplySaveResult(KeywordAutoReply? Saved, IReadOnlyDictionary<string, string> Errors)
{
    public bool Succeeded => Saved is not null;
}

/// <summary>Adds, edits, retires and restores keyword auto-replies (Admin); every change is audited.</summary>
public sealed class KeywordAutoReplyService(IDbContextFactory<AppDbContext> contexts, AuditLog audit, TimeProvider time)
{
    public async Task<List<KeywordAutoReply>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<KeywordAutoReply>().AsNoTracking().OrderByDescending(k => k.IsActive).ThenBy(k => k.Keyword).ToListAsync(cancellationToken);
    }

    /// <summary>Creates (<paramref name="id"/> null) or edits a keyword auto-reply.</summary>
    public async Task<KeywordAutoReplySaveResult> SaveAsync(int? id, KeywordAutoReplyInput input, AuditActor actor, CancellationToken cancellationToken = default)
    {
        var errors = Validate(input, out var keyword);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (errors.Count == 0 && await db.Set<KeywordAutoReply>().AnyAsync(k => k.Keyword == keyword && k.Id != id, cancellationToken))
        {
            errors[nameof(input.Keyword)] = "This keyword already exists (perhaps retired: restore it instead).";
        }

        KeywordAutoReply? reply = null;
        if (id is { } existing)
        {
            reply = await db.Set<KeywordAutoReply>().FirstOrDefaultAsync(k => k.Id == existing, cancellationToken);
            if (reply is null)
            {
                errors[nameof(input.Keyword)] = "This auto-reply no longer exists.";
            }
        }

        if (errors.Count > 0)
        {
            return new KeywordAutoReplySaveResult(null, errors);
        }

        var now = time.GetUtcNow();
        if (reply is null)
        {
            reply = new KeywordAutoReply { CreatedAt = now };
            db.Add(reply);
        }

        reply.Keyword = keyword!;
        reply.DisplayKeyword = input.Keyword.Trim();
        reply.ReplyEn = input.ReplyEn.Trim();
        reply.ReplyFr = Blank(input.ReplyFr);
        reply.ReplyAr = Blank(input.ReplyAr);
        reply.UpdatedAt = now;
        reply.UpdatedBy = actor.Name;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return new KeywordAutoReplySaveResult(null, new Dictionary<string, string> { [nameof(input.Keyword)] = "This keyword was just added by someone else." });
        }

        audit.Add(db, actor, id is null ? AuditActions.AutoReplyCreated : AuditActions.AutoReplyUpdated, "KeywordAutoReply",
            reply.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"Keyword '{reply.DisplayKeyword}' (replies in: {string.Join(", ", Languages(reply))})");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new KeywordAutoReplySaveResult(reply, new Dictionary<string, string>());
    }

    /// <summary>Retires (no longer sent) or restores an auto-reply. False when it does not exist.</summary>
    public async Task<bool> SetActiveAsync(int id, bool active, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var reply = await db.Set<KeywordAutoReply>().FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (reply is null)
        {
            return false;
        }

        if (reply.IsActive != active)
        {
            reply.IsActive = active;
            reply.UpdatedAt = time.GetUtcNow();
            reply.UpdatedBy = actor.Name;
            audit.Add(db, actor, active ? AuditActions.AutoReplyRestored : AuditActions.AutoReplyRetired, "KeywordAutoReply",
                reply.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Keyword '{reply.DisplayKeyword}'");
            await db.SaveChangesAsync(cancellationToken);
        }

        return true;
    }

    public static Dictionary<string, string> Validate(KeywordAutoReplyInput input, out string? keyword)
    {
        var errors = new Dictionary<string, string>();
        keyword = InboundText.Normalize(input.Keyword);
        if (keyword.Length == 0)
        {
            errors[nameof(input.Keyword)] = "Enter the keyword people will send (letters or digits).";
        }
        else if (keyword.Length > KeywordAutoReply.KeywordMaxLength || keyword.Split(' ').Length > 6)
        {
            errors[nameof(input.Keyword)] = $"Keep the keyword to at most 6 words and {KeywordAutoReply.KeywordMaxLength} characters.";
        }
        else if (InboundClassifier.Classify(null, input.Keyword, answersCheckIn: false) is InboundClassification.OptOut or InboundClassification.OptIn)
        {
            errors[nameof(input.Keyword)] = "This is an opt-out or opt-in keyword (STOP, START…); it changes consent and cannot have an auto-reply.";
        }
        else if (keyword is "1" or "2")
        {
            errors[nameof(input.Keyword)] = "1 and 2 are check-in answers; choose another keyword.";
        }

        if (string.IsNullOrWhiteSpace(input.ReplyEn))
        {
            errors[nameof(input.ReplyEn)] = "Enter the English reply (sent when there is none in the person's language).";
        }

        foreach (var (field, text) in new[] { (nameof(input.ReplyEn), input.ReplyEn), (nameof(input.ReplyFr), input.ReplyFr), (nameof(input.ReplyAr), input.ReplyAr) })
        {
            if ((text?.Trim().Length ?? 0) > KeywordAutoReply.ReplyMaxLength)
            {
                errors[field] = $"At most {KeywordAutoReply.ReplyMaxLength} characters.";
            }
        }

        return errors;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static IEnumerable<string> Languages(KeywordAutoReply reply)
    {
        yield return "en";
        if (reply.ReplyFr is not null) yield return "fr";
        if (reply.ReplyAr is not null) yield return "ar";
    }
}
