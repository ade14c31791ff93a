using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.ApiKeys;
using CrisisConsole.Web.Features.Audit;

namespace CrisisConsole.Tests.Audit;

/// <summary>The query behind the audit page: filters, order, paging and the capped count.</summary>
public sealed class AuditQueryTests : IDisposable
{
    private static readonly DateTimeOffset Day = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);

    private readonly AuditTestDatabase database = new();
    private readonly AuditQueryService query;

    public AuditQueryTests()
    {
        query = new AuditQueryService(database);
        using var db = database.CreateDbContext();
        db.Users.Add(new AppUser { Id = "u-amira", UserName = "amira@org.test", Email = "amira@org.test", DisplayName = "Amira Benali" });
        db.Users.Add(new AppUser { Id = "u-john", UserName = "john@org.test", Email = "john@org.test", DisplayName = "John Doe" });
        db.Set<ApiKey>().Add(new ApiKey { Id = 7, Name = "Grafana alerts", Prefix = "cck_abcdef", Hash = new string('a', 64), Scopes = "read" });
        db.Set<AuditEntry>().AddRange(
            Entry(1, "u-amira", "amira@org.test", AuditActions.SignIn, Day.AddHours(8)),
            Entry(2, "u-john", "john@org.test", AuditActions.SignIn, Day.AddHours(9)),
            Entry(3, "u-amira", "amira@org.test", AuditActions.UserCreated, Day.AddDays(1).AddHours(10)),
            Entry(4, "apikey:7", "API key Grafana alerts", AuditActions.ContactsImported, Day.AddDays(2)),
            Entry(5, "system", "system", AuditActions.ApiKeyProvisioned, Day.AddDays(3)),
            Entry(6, "anonymous", "intruder@evil.test", AuditActions.SignInFailed, Day.AddDays(3).AddHours(1)),
            // Same millisecond as entry 5: the id decides, so paging is stable.
            Entry(7, "u-john", "john@org.test", AuditActions.SignOut, Day.AddDays(3)));
        db.SaveChanges();
    }

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task Without_filters_everything_comes_newest_first_with_ties_broken_by_id()
    {
        var result = await query.SearchAsync(new AuditFilter(), 0, 50);

        Assert.Equal([6, 7, 5, 4, 3, 2, 1], Ids(result));
        Assert.Equal(7, result.Count);
        Assert.False(result.CountIsCapped);
    }

    [Theory]
    [InlineData("amira", new long[] { 3, 1 })]
    [InlineData("BENALI", new long[] { 3, 1 })]
    [InlineData("john@org", new long[] { 7, 2 })]
    [InlineData("grafana", new long[] { 4 })]
    [InlineData("system", new long[] { 5 })]
    [InlineData("anonymous", new long[] { 6 })]
    [InlineData("u-john", new long[] { 7, 2 })]
    [InlineData("nobody-like-this", new long[0])]
    public async Task The_actor_filter_matches_names_e_mails_key_names_and_ids(string actor, long[] expected)
    {
        var result = await query.SearchAsync(new AuditFilter(Actor: actor), 0, 50);

        Assert.Equal(expected, Ids(result));
        Assert.Equal(expected.Length, result.Count);
    }

    [Fact]
    public async Task Percent_and_underscore_in_the_actor_text_are_taken_literally()
    {
        var result = await query.SearchAsync(new AuditFilter(Actor: "%"), 0, 50);

        Assert.Empty(result.Entries);
    }

    [Fact]
    public async Task The_action_filter_keeps_only_that_action()
    {
        var result = await query.SearchAsync(new AuditFilter(Action: AuditActions.SignIn), 0, 50);

        Assert.Equal([2, 1], Ids(result));
    }

    [Fact]
    public async Task The_date_range_includes_its_start_and_excludes_its_end()
    {
        var result = await query.SearchAsync(new AuditFilter(From: Day.AddHours(9), To: Day.AddDays(3)), 0, 50);

        Assert.Equal([4, 3, 2], Ids(result));
    }

    [Fact]
    public async Task Filters_combine()
    {
        var result = await query.SearchAsync(new AuditFilter(Actor: "john", Action: AuditActions.SignIn, From: Day, To: Day.AddDays(1)), 0, 50);

        Assert.Equal([2], Ids(result));
    }

    [Fact]
    public async Task Pages_follow_each_other_without_overlap()
    {
        var pages = new List<long>();
        for (var skip = 0; skip < 7; skip += 3)
        {
            var page = await query.SearchAsync(new AuditFilter(), skip, 3);
            Assert.Equal(7, page.Count);
            pages.AddRange(Ids(page));
        }

        Assert.Equal([6, 7, 5, 4, 3, 2, 1], pages);
    }

    [Fact]
    public async Task The_count_stops_at_the_cap()
    {
        var capped = new AuditQueryService(database) { CountCap = 5 };

        var result = await capped.SearchAsync(new AuditFilter(), 0, 2);

        Assert.True(result.CountIsCapped);
        Assert.Equal(5, result.Count);
        Assert.Equal([6, 7], Ids(result));
        Assert.False((await capped.SearchAsync(new AuditFilter(Action: AuditActions.SignIn), 0, 2)).CountIsCapped);
    }

    [Fact]
    public async Task A_page_size_out_of_range_is_clamped_instead_of_failing()
    {
        var result = await query.SearchAsync(new AuditFilter(), -5, 0);

        Assert.Equal([6], Ids(result));
    }

    private static long[] Ids(AuditSearchResult result) => [.. result.Entries.Select(e => e.Id)];

    private static AuditEntry Entry(long id, string actorId, string actorName, string action, DateTimeOffset at) => new()
    {
        Id = id,
        ActorId = actorId,
        ActorName = actorName,
        Action = action,
        At = at,
        TargetType = "Test",
        Details = $"entry {id}",
    };
}
