using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Tests.Templates;

public sealed class TemplateServiceTests : IClassFixture<CrisisConsoleFactory>
{
    private static readonly AuditActor Admin = new("admin-id", "admin@test.local");
    private static readonly AuditActor OtherAdmin = new("other-id", "other@test.local");

    private readonly CrisisConsoleFactory factory;

    public TemplateServiceTests(CrisisConsoleFactory factory) => this.factory = factory;

    private TemplateService Service => factory.Services.GetRequiredService<TemplateService>();

    [Fact]
    public async Task Create_stores_the_template_with_its_variants_quick_replies_and_references()
    {
        var draft = Draft();

        var result = await Service.CreateAsync(draft, Admin);

        Assert.True(result.Succeeded, string.Join(" ", result.Validation.Errors));
        var stored = await Service.GetByNameAsync(draft.Name);
        Assert.NotNull(stored);
        Assert.Equal(TemplateCategory.CheckIn, stored.Category);
        Assert.Equal(["org", "event"], stored.Variables);
        Assert.Equal(Admin.Name, stored.CreatedBy);
        var arabic = Assert.Single(stored.Variants, v => v.Language == "ar");
        Assert.Equal("{{org}}: {{event}} في منطقتك. هل أنت بخير؟", arabic.Text);
        Assert.Equal(["SAFE", "HELP"], arabic.QuickReplies.Select(r => r.Payload));
        Assert.Equal(["أنا بخير", "أحتاج مساعدة"], arabic.QuickReplies.Select(r => r.Title));
        Assert.Equal("HX0123456789abcdef0123456789abcdef", arabic.TwilioContentSid);
        Assert.Equal("check_ar", arabic.MetaTemplateName);
        Assert.Equal("ar", arabic.MetaTemplateLanguage);
    }

    [Fact]
    public async Task Create_writes_a_template_created_audit_entry()
    {
        var result = await Service.CreateAsync(Draft(), Admin);

        await using var db = factory.CreateDbContext();
        var entry = await db.Set<AuditEntry>().SingleAsync(e => e.Action == AuditActions.TemplateCreated && e.TargetId == result.Template!.Id.ToString());
        Assert.Equal(Admin.Id, entry.ActorId);
        Assert.Contains(result.Template!.Name, entry.Details);
        Assert.DoesNotContain("في منطقتك", entry.Details);
    }

    [Fact]
    public async Task Create_refuses_a_name_already_taken_with_a_clear_message()
    {
        var first = Draft();
        await Service.CreateAsync(first, Admin);
        var second = Draft();
        second.Name = first.Name;

        var result = await Service.CreateAsync(second, Admin);

        Assert.False(result.Succeeded);
        var problem = Assert.Single(result.Validation.Errors);
        Assert.Equal(TemplateField.Name, problem.Field);
        Assert.Equal($"A template named \"{first.Name}\" already exists (it may be retired). Choose another name.", problem.Message);
        await using var db = factory.CreateDbContext();
        Assert.Equal(1, await db.Set<MessageTemplate>().CountAsync(t => t.Name == first.Name));
    }

    [Fact]
    public async Task Create_refuses_an_invalid_draft_and_stores_nothing()
    {
        var draft = Draft();
        draft.Variants[0].Text = "{{org}} only";

        var result = await Service.CreateAsync(draft, Admin);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Validation.Errors, p => p.Language == "en" && p.Message.Contains("{{event}}"));
        Assert.Null(await Service.GetByNameAsync(draft.Name, includeRetired: true));
    }

    [Fact]
    public async Task Create_trims_values_and_normalises_language_tags()
    {
        var draft = Draft();
        draft.Name = "  " + draft.Name + " ";
        draft.DefaultLanguage = "EN";
        draft.Variants[1].Language = " FR ";
        draft.Variants[1].TwilioContentSid = "  ";

        var result = await Service.CreateAsync(draft, Admin);

        Assert.True(result.Succeeded, string.Join(" ", result.Validation.Errors));
        var stored = (await Service.GetAsync(result.Template!.Id))!;
        Assert.Equal(draft.Name.Trim(), stored.Name);
        Assert.Equal("en", stored.DefaultLanguage);
        Assert.Equal(["ar", "en", "fr"], stored.Variants.Select(v => v.Language).Order());
        Assert.Null(stored.Variants.Single(v => v.Language == "fr").TwilioContentSid);
    }

    [Fact]
    public async Task Update_edits_variants_in_place_adds_and_removes_languages_and_audits_what_changed()
    {
        var created = (await Service.CreateAsync(Draft(), Admin)).Template!;
        var draft = TemplateDraft.From((await Service.GetAsync(created.Id))!);
        var english = draft.Variants.Single(v => v.Language == "en");
        english.Text = "{{org}}: {{event}} nearby. Are you safe?";
        english.QuickReplies[0].Title = "Safe";
        draft.Variants.RemoveAll(v => v.Language == "fr");
        draft.Variants.Add(new VariantDraft
        {
            Language = "es",
            Text = "{{org}}: {{event}} en su zona. ¿Está a salvo?",
            QuickReplies = [new QuickReply { Payload = "SAFE", Title = "Estoy a salvo" }, new QuickReply { Payload = "HELP", Title = "Necesito ayuda" }],
        });
        var englishId = created.Variants.Single(v => v.Language == "en").Id;

        var result = await Service.UpdateAsync(created.Id, draft, OtherAdmin);

        Assert.True(result.Succeeded, string.Join(" ", result.Validation.Errors));
        var stored = (await Service.GetAsync(created.Id))!;
        Assert.Equal(["ar", "en", "es"], stored.Variants.Select(v => v.Language).Order());
        var storedEnglish = stored.Variants.Single(v => v.Language == "en");
        Assert.Equal(englishId, storedEnglish.Id);
        Assert.Equal("{{org}}: {{event}} nearby. Are you safe?", storedEnglish.Text);
        Assert.Equal(["Safe", "I need help"], storedEnglish.QuickReplies.Select(r => r.Title));
        Assert.Equal(OtherAdmin.Name, stored.UpdatedBy);

        await using var db = factory.CreateDbContext();
        var entry = await db.Set<AuditEntry>().SingleAsync(e => e.Action == AuditActions.TemplateUpdated && e.TargetId == created.Id.ToString());
        Assert.Contains("added es", entry.Details);
        Assert.Contains("removed fr", entry.Details);
        Assert.Contains("text (en)", entry.Details);
        Assert.Contains("quick replies (en)", entry.Details);
        Assert.DoesNotContain("nearby", entry.Details);
    }

    [Fact]
    public async Task Update_can_be_saved_twice_from_the_version_it_returned()
    {
        var created = (await Service.CreateAsync(Draft(), Admin)).Template!;
        var draft = TemplateDraft.From(created);
        draft.Description = "first";
        var first = await Service.UpdateAsync(created.Id, draft, Admin);
        draft.LoadedVersion = first.Template!.UpdatedAt;
        draft.Description = "second";

        var second = await Service.UpdateAsync(created.Id, draft, Admin);

        Assert.True(second.Succeeded, string.Join(" ", second.Validation.Errors));
        Assert.Equal("second", (await Service.GetAsync(created.Id))!.Description);
    }

    [Fact]
    public async Task Update_refuses_when_someone_else_saved_after_the_editor_opened()
    {
        var created = (await Service.CreateAsync(Draft(), Admin)).Template!;
        var mine = TemplateDraft.From(created);
        var theirs = TemplateDraft.From(created);
        theirs.Description = "theirs";
        await Task.Delay(5); // two saves in the same millisecond would carry the same version
        Assert.True((await Service.UpdateAsync(created.Id, theirs, OtherAdmin)).Succeeded);
        mine.Description = "mine";

        var result = await Service.UpdateAsync(created.Id, mine, Admin);

        Assert.False(result.Succeeded);
        Assert.Contains("other@test.local saved this template after you opened it", Assert.Single(result.Validation.Errors).Message);
        Assert.Equal("theirs", (await Service.GetAsync(created.Id))!.Description);
    }

    [Fact]
    public async Task Update_refuses_a_rename_onto_another_templates_name()
    {
        var taken = (await Service.CreateAsync(Draft(), Admin)).Template!;
        var created = (await Service.CreateAsync(Draft(), Admin)).Template!;
        var draft = TemplateDraft.From(created);
        draft.Name = taken.Name;

        var result = await Service.UpdateAsync(created.Id, draft, Admin);

        Assert.False(result.Succeeded);
        Assert.Contains("already exists", Assert.Single(result.Validation.Errors).Message);
    }

    [Fact]
    public async Task Retire_takes_the_template_out_of_use_and_unretire_brings_it_back_both_audited()
    {
        var created = (await Service.CreateAsync(Draft(), Admin)).Template!;

        await Service.RetireAsync(created.Id, Admin);

        Assert.Null(await Service.GetByNameAsync(created.Name));
        Assert.True((await Service.GetByNameAsync(created.Name, includeRetired: true))!.IsRetired);
        Assert.DoesNotContain(await Service.ListAsync(), s => s.Id == created.Id);
        Assert.Contains(await Service.ListAsync(new TemplateListFilter(TemplateStatusFilter.Retired)), s => s.Id == created.Id);

        await Service.UnretireAsync(created.Id, Admin);

        Assert.NotNull(await Service.GetByNameAsync(created.Name));
        await using var db = factory.CreateDbContext();
        var actions = await db.Set<AuditEntry>().Where(e => e.TargetType == "Template" && e.TargetId == created.Id.ToString()).Select(e => e.Action).ToListAsync();
        Assert.Contains(AuditActions.TemplateRetired, actions);
        Assert.Contains(AuditActions.TemplateUnretired, actions);
    }

    [Fact]
    public async Task Retire_of_a_template_that_does_not_exist_says_so()
    {
        var error = await Assert.ThrowsAsync<KeyNotFoundException>(() => Service.RetireAsync(999_999, Admin));
        Assert.Equal("This template no longer exists.", error.Message);
    }

    [Fact]
    public async Task List_filters_by_category_and_search_and_lists_languages_default_first()
    {
        var draft = Draft();
        draft.Category = TemplateCategory.Drill;
        draft.Description = "Quarterly evacuation_exercise";
        var created = (await Service.CreateAsync(draft, Admin)).Template!;

        var drills = await Service.ListAsync(new TemplateListFilter(Category: TemplateCategory.Drill, Search: "evacuation_ex"));
        var none = await Service.ListAsync(new TemplateListFilter(Category: TemplateCategory.Alert, Search: "evacuation_ex"));
        var underscoreIsLiteral = await Service.ListAsync(new TemplateListFilter(Search: "evacuation_xercise"));

        var row = Assert.Single(drills);
        Assert.Equal(created.Id, row.Id);
        Assert.Equal(["en", "ar", "fr"], row.Languages);
        Assert.Empty(none);
        Assert.Empty(underscoreIsLiteral);
    }

    [Fact]
    public async Task No_demo_template_is_added_when_demo_data_is_off()
    {
        Assert.Null(await Service.GetByNameAsync(DemoTemplates.SafetyCheck, includeRetired: true));
    }

    private static TemplateDraft Draft() => new()
    {
        Name = "check-" + Guid.NewGuid().ToString("N")[..10],
        Category = TemplateCategory.CheckIn,
        Description = "Test template",
        DefaultLanguage = "en",
        Variables = ["org", "event"],
        Variants =
        [
            Variant("en", "{{org}}: {{event}} in your area. Are you safe?", "I am safe", "I need help"),
            Variant("fr", "{{org}} : {{event}} dans votre secteur. Êtes-vous en sécurité ?", "Je suis en sécurité", "J'ai besoin d'aide"),
            Variant("ar", "{{org}}: {{event}} في منطقتك. هل أنت بخير؟", "أنا بخير", "أحتاج مساعدة"),
        ],
    };

    private static VariantDraft Variant(string language, string text, string safe, string help) => new()
    {
        Language = language,
        Text = text,
        QuickReplies = [new QuickReply { Payload = "SAFE", Title = safe }, new QuickReply { Payload = "HELP", Title = help }],
        TwilioContentSid = "HX0123456789abcdef0123456789abcdef",
        MetaTemplateName = "check_" + language,
        MetaTemplateLanguage = language,
    };
}
