using CrisisConsole.Tests.Infrastructure;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Templates;
using CrisisConsole.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisConsole.Tests.Templates;

/// <summary>The application with demo data on. Other features seed demo data too; only templates are asserted here.</summary>
public sealed class DemoDataFactory : CrisisConsoleFactory
{
    public DemoDataFactory() => Settings["DemoData:Enabled"] = "true";
}

public sealed class TemplateDemoSeederTests : IClassFixture<DemoDataFactory>
{
    private readonly DemoDataFactory factory;

    public TemplateDemoSeederTests(DemoDataFactory factory) => this.factory = factory;

    private TemplateService Service => factory.Services.GetRequiredService<TemplateService>();

    [Fact]
    public async Task Safety_check_is_seeded_in_english_french_and_arabic_with_safe_and_help_replies()
    {
        var template = await Service.GetByNameAsync(DemoTemplates.SafetyCheck);

        Assert.NotNull(template);
        Assert.Equal(TemplateCategory.CheckIn, template.Category);
        Assert.Equal("en", template.DefaultLanguage);
        Assert.Equal(["org", "event"], template.Variables);
        Assert.Equal(["ar", "en", "fr"], template.Variants.Select(v => v.Language).Order());
        foreach (var variant in template.Variants)
        {
            Assert.Equal(["SAFE", "HELP"], variant.QuickReplies.Select(r => r.Payload));
            Assert.True(TemplateValidator.IsValidContentSid(variant.TwilioContentSid), variant.TwilioContentSid);
            Assert.Equal("safety_check", variant.MetaTemplateName);
            Assert.Equal(variant.Language, variant.MetaTemplateLanguage);
        }

        Assert.Equal(["I am safe", "I need help"], Titles(template, "en"));
        Assert.Equal(["Je suis en sécurité", "J'ai besoin d'aide"], Titles(template, "fr"));
        Assert.Equal(["أنا بخير", "أحتاج مساعدة"], Titles(template, "ar"));
        Assert.Equal("{{org}}: {{event}} in your area. Are you safe? Reply 1 if you are safe, 2 if you need help.", template.DefaultVariant!.Text);
    }

    [Fact]
    public async Task The_other_demo_templates_are_seeded_in_three_languages_with_their_categories()
    {
        var expected = new Dictionary<string, TemplateCategory>
        {
            [DemoTemplates.IncidentUpdate] = TemplateCategory.Update,
            [DemoTemplates.AllClear] = TemplateCategory.Resolution,
            [DemoTemplates.DrillNotice] = TemplateCategory.Drill,
        };

        foreach (var (name, category) in expected)
        {
            var template = await Service.GetByNameAsync(name);
            Assert.NotNull(template);
            Assert.Equal(category, template.Category);
            Assert.Equal(["ar", "en", "fr"], template.Variants.Select(v => v.Language).Order());
        }
    }

    [Fact]
    public async Task Seeding_again_keeps_an_admins_edits_and_adds_no_duplicate()
    {
        var admin = new AuditActor("admin", "admin@test.local");
        var allClear = (await Service.GetByNameAsync(DemoTemplates.AllClear))!;
        var draft = TemplateDraft.From(allClear);
        draft.Description = "Edited by an Admin";
        Assert.True((await Service.UpdateAsync(allClear.Id, draft, admin)).Succeeded);
        var drill = (await Service.GetByNameAsync(DemoTemplates.DrillNotice))!;
        await Service.RetireAsync(drill.Id, admin);
        var before = (await Service.ListAsync(new TemplateListFilter(TemplateStatusFilter.All))).Count;

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var seeder = scope.ServiceProvider.GetServices<IStartupInitializer>().Single(i => i is TemplateDemoSeeder);
            Assert.Equal(StartupOrder.DemoData + 1, seeder.Order);
            await seeder.InitializeAsync(CancellationToken.None);
        }

        Assert.Equal(before, (await Service.ListAsync(new TemplateListFilter(TemplateStatusFilter.All))).Count);
        Assert.Equal("Edited by an Admin", (await Service.GetAsync(allClear.Id))!.Description);
        Assert.True((await Service.GetAsync(drill.Id))!.IsRetired);
        await Service.UnretireAsync(drill.Id, admin);
    }

    private static IEnumerable<string> Titles(MessageTemplate template, string language) =>
        template.Variants.Single(v => v.Language == language).QuickReplies.Select(r => r.Title);
}
