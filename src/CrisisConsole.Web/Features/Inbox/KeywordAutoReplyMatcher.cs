using CrisisConsole.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CrisisConsole.Web.Features.Inbox;

/// <summary>
/// Which active keyword a message asks for. The rule: after <see cref="InboundText.Normalize"/>, the message
/// IS the keyword ("Shelter!", "ABRI"), or BEGINS with it as whole words ("shelter please", "ملجأ وين").
/// A keyword further inside ("where is the shelter") does not count: people mention words in passing, and
/// the inbox shows those to a responder. The longest matching keyword wins ("shelter north" over "shelter").
/// </summary>
public static class KeywordAutoReplyMatcher
{
    /// <summary>Longest keyword looked for, in words.</summary>
    private const int MaxKeywordWords = 6;

    /// <summary>The normalised prefixes of the message a keyword could equal, longest first.</summary>
    public static IReadOnlyList<string> Candidates(string? text)
    {
        var words = InboundText.Words(text);
        var candidates = new List<string>();
        for (var count = Math.Min(words.Count, MaxKeywordWords); count >= 1; count--)
        {
            candidates.Add(string.Join(' ', words.Take(count)));
        }

        return candidates;
    }

    public static async Task<KeywordAutoReply?> FindAsync(AppDbContext db, string? text, CancellationToken cancellationToken)
    {
        var candidates = Candidates(text);
        if (candidates.Count == 0)
        {
            return null;
        }

        var matches = await db.Set<KeywordAutoReply>().AsNoTracking()
            .Where(k => k.IsActive && candidates.Contains(k.Keyword))
            .ToListAsync(cancellationToken);
        return matches.OrderByDescending(k => k.Keyword.Length).FirstOrDefault();
    }
}
