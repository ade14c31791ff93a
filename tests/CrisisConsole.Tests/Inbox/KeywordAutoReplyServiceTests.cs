using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Inbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Tests.Inbox;

/// <summary>The admin's keyword auto-replies: normalised unique keywords, validation, retire and restore, audit.</summary>
public sealed class KeywordAutoReplyServiceTests(CrisisConsoleFactory factory) : IClassFixture<CrisisConsoleFactory>
{
    private static readonly AuditActor Admin = new("user:admin", "Ada Admin");

    private KeywordAutoReplyService Service => factory.Services.GetRequiredService<KeywordAutoReplyService>();

    [Fact]
    public async Task A_keyword_is_stored_normalised_and_unique_whatever_its_spelling()
    {
        var word = "Malja" + Guid.NewGuid().ToString("N")[..6];
        var saved = await Service.SaveAsync(null, new KeywordAutoReplyInput { Keyword = $"  {word.ToUpperInvariant()}  ", ReplyEn = "Shelters: town hall.", ReplyAr = "الملاجئ: البلدية." }, Admin);

        Assert.True(saved.Succeeded);
        Assert.Equal(word.ToLowerInvariant(), saved.Saved!.Keyword);
        var duplicate = await Service.SaveAsync(null, new KeywordAutoReplyInput { Keyword = word.ToLowerInvariant(), ReplyEn = "x" }, Admin);
        Assert.Contains("already exists", duplicate.Errors[nameof(KeywordAutoReplyInput.Keyword)]);

        await using var db = factory.CreateDbContext();
        Assert.True(await db.Set<AuditEntry>().AnyAsync(a => a.Action == AuditActions.AutoReplyCreated && a.TargetId == saved.Saved.Id.ToString()));
    }

    [Theory]
    [InlineData("", "Shelter", "Keyword")]
    [InlineData("STOP", "Shelter", "Keyword")]
    [InlineData("إيقاف", "Shelter", "Keyword")]
    [InlineData("2", "Shelter", "Keyword")]
    [InlineData("shelter", "", "ReplyEn")]
    public void Bad_input_is_refused_with_a_message_on_its_field(string keyword, string reply, string field) =>
        Assert.True(KeywordAutoReplyService.Validate(new KeywordAutoReplyInput { Keyword = keyword, ReplyEn = reply }, out _).ContainsKey(field));

    [Fact]
    public async Task A_retired_keyword_is_no_longer_matched_until_restored()
    {
        var word = "abri" + Guid.NewGuid().ToString("N")[..6];
        var saved = (await Service.SaveAsync(null, new KeywordAutoReplyInput { Keyword = word, ReplyEn = "Town hall.", ReplyFr = "La mairie." }, Admin)).Saved!;

        await Service.SetActiveAsync(saved.Id, active: false, Admin);
        await using (var db = factory.CreateDbContext())
        {
            Assert.Null(await KeywordAutoReplyMatcher.FindAsync(db, word + " svp", default));
        }

        await Service.SetActiveAsync(saved.Id, active: true, Admin);
        await using (var db = factory.CreateDbContext())
        {
            Assert.Equal("La mairie.", (await KeywordAutoReplyMatcher.FindAsync(db, word.ToUpperInvariant() + " svp", default))!.ReplyFor("fr-CA"));
            Assert.Null(await KeywordAutoReplyMatcher.FindAsync(db, "où est " + word, default));
            Assert.True(await db.Set<AuditEntry>().AnyAsync(a => a.Action == AuditActions.AutoReplyRetired && a.TargetId == saved.Id.ToString()));
        }
    }
}
