using CrisisConsole.Web.Features.Templates;

namespace CrisisConsole.Tests.Templates;

public sealed class TemplateValidatorTests
{
    [Fact]
    public void A_complete_template_has_no_problem()
    {
        Assert.Empty(TemplateValidator.Validate(ValidDraft()).Problems);
    }

    [Fact]
    public void The_demo_templates_have_no_error()
    {
        foreach (var draft in DemoTemplates.All())
        {
            var validation = TemplateValidator.Validate(draft, DemoTemplates.SampleValues);
            Assert.False(validation.HasErrors, $"{draft.Name}: {string.Join(" | ", validation.Errors)}");
        }
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var draft = ValidDraft();
        draft.Name = "";
        draft.Variants[0].Text = "{{org}} {{zone}}";
        draft.Variants[1].QuickReplies[0].Title = new string('x', 21);

        var problems = TemplateValidator.Validate(draft).Errors.ToList();

        Assert.Contains(problems, p => p.Field == TemplateField.Name);
        Assert.Contains(problems, p => p.Language == "en" && p.Message.Contains("{{zone}}"));
        Assert.Contains(problems, p => p.Language == "en" && p.Message.Contains("{{event}}"));
        Assert.Contains(problems, p => p.Language == "fr" && p.Field == TemplateField.QuickReplies);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Safety-Check")]
    [InlineData("safety check")]
    [InlineData("-safety")]
    public void A_name_that_is_empty_or_not_lowercase_slug_is_refused(string name)
    {
        var draft = ValidDraft();
        draft.Name = name;

        var problem = Assert.Single(TemplateValidator.Validate(draft).Errors);
        Assert.Equal(TemplateField.Name, problem.Field);
        Assert.Null(problem.Language);
    }

    [Fact]
    public void An_unknown_placeholder_is_reported_with_its_language_and_the_declared_names()
    {
        var draft = ValidDraft();
        draft.Variants[1].Text = "{{org}} : {{event}} à {{zone}}";

        var problem = Assert.Single(TemplateValidator.Validate(draft).Errors);
        Assert.Equal("fr", problem.Language);
        Assert.Contains("{{zone}}", problem.Message);
        Assert.Contains("declared: org, event", problem.Message);
    }

    [Fact]
    public void A_declared_variable_that_a_variant_does_not_use_is_reported()
    {
        var draft = ValidDraft();
        draft.Variants[1].Text = "{{org}} : alerte";

        var problem = Assert.Single(TemplateValidator.Validate(draft).Errors);
        Assert.Equal("fr", problem.Language);
        Assert.Contains("{{event}}", problem.Message);
        Assert.Contains("does not use", problem.Message);
    }

    [Fact]
    public void A_broken_placeholder_is_reported()
    {
        var draft = ValidDraft();
        draft.Variants[0].Text = "{{org}}: {{event}} near {{zone";

        var problem = Assert.Single(TemplateValidator.Validate(draft).Errors);
        Assert.Contains("Broken placeholder", problem.Message);
    }

    [Theory]
    [InlineData("Org")]
    [InlineData("1st")]
    [InlineData("event-time")]
    public void A_variable_name_that_is_not_lowercase_identifier_is_refused(string name)
    {
        var draft = ValidDraft();
        draft.Variables.Add(name);

        Assert.Contains(TemplateValidator.Validate(draft).Errors, p => p.Field == TemplateField.Variables && p.Message.Contains(name));
    }

    [Fact]
    public void A_variable_declared_twice_is_refused()
    {
        var draft = ValidDraft();
        draft.Variables.Add("org");

        var problem = Assert.Single(TemplateValidator.Validate(draft).Errors);
        Assert.Contains("declared twice", problem.Message);
    }

    [Fact]
    public void A_missing_default_variant_is_refused()
    {
        var draft = ValidDraft();
        draft.DefaultLanguage = "ar";

        var problem = Assert.Single(TemplateValidator.Validate(draft).Errors);
        Assert.Equal(TemplateField.DefaultLanguage, problem.Field);
        Assert.Contains("\"ar\"", problem.Message);
    }

    [Fact]
    public void A_template_without_variants_is_refused()
    {
        var draft = ValidDraft();
        draft.Variants.Clear();

        Assert.Contains(TemplateValidator.Validate(draft).Errors, p => p.Field == TemplateField.Variants);
    }

    [Fact]
    public void Two_variants_of_the_same_language_are_refused()
    {
        var draft = ValidDraft();
        var copy = Variant("FR", "{{org}} : {{event}}");
        copy.QuickReplies = [.. draft.Variants[0].QuickReplies.Select(r => new QuickReply { Payload = r.Payload, Title = r.Title + "!" })];
        draft.Variants.Add(copy);

        Assert.Contains(TemplateValidator.Validate(draft).Errors, p => p.Field == TemplateField.Language && p.Message.Contains("two variants"));
    }

    [Fact]
    public void A_variant_language_that_is_not_a_language_tag_is_refused()
    {
        var draft = ValidDraft();
        draft.Variants[1].Language = "french";
        draft.Variants[1].MetaTemplateLanguage = "fr";

        Assert.Contains(TemplateValidator.Validate(draft).Errors, p => p.Field == TemplateField.Language && p.Message.Contains("BCP 47"));
    }

    [Fact]
    public void An_empty_text_is_refused()
    {
        var draft = ValidDraft();
        draft.Variants[1].Text = "  ";

        var problem = Assert.Single(TemplateValidator.Validate(draft).Errors);
        Assert.Contains("empty", problem.Message);
    }

    [Fact]
    public void A_quick_reply_title_over_20_characters_is_refused()
    {
        var draft = ValidDraft();
        draft.Variants[1].QuickReplies[0].Title = "Je suis bien en sécurité";

        var problem = Assert.Single(TemplateValidator.Validate(draft).Errors);
        Assert.Equal(TemplateField.QuickReplies, problem.Field);
        Assert.Contains("24 characters", problem.Message);
    }

    [Fact]
    public void A_quick_reply_title_of_20_arabic_letters_is_accepted()
    {
        var draft = ValidDraft();
        draft.Variants[1].QuickReplies[0].Title = new string('ب', 20);

        Assert.False(TemplateValidator.Validate(draft).HasErrors);
    }

    [Fact]
    public void More_than_three_quick_replies_are_refused()
    {
        var draft = ValidDraft();
        foreach (var variant in draft.Variants)
        {
            variant.QuickReplies.Add(new QuickReply { Payload = "MAYBE", Title = "Maybe" });
            variant.QuickReplies.Add(new QuickReply { Payload = "LATER", Title = "Later" });
        }

        var problems = TemplateValidator.Validate(draft).Errors.ToList();
        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Contains("at most 3", p.Message));
    }

    [Fact]
    public void Quick_replies_without_an_id_with_a_bad_id_or_repeated_are_refused()
    {
        var draft = ValidDraft();
        draft.Variants = [draft.Variants[0]];
        draft.Variants[0].QuickReplies =
        [
            new QuickReply { Payload = "", Title = "One" },
            new QuickReply { Payload = "safe", Title = "Two" },
            new QuickReply { Payload = "HELP", Title = "two" },
        ];

        var messages = TemplateValidator.Validate(draft).Errors.Select(p => p.Message).ToList();
        Assert.Contains(messages, m => m.Contains("no reply id"));
        Assert.Contains(messages, m => m.Contains("\"safe\""));
        Assert.Contains(messages, m => m.Contains("titled \"two\""));
    }

    [Fact]
    public void Quick_replies_that_differ_from_the_default_language_are_refused()
    {
        var draft = ValidDraft();
        draft.Variants[1].QuickReplies.RemoveAt(1);

        var problem = Assert.Single(TemplateValidator.Validate(draft).Errors);
        Assert.Equal("fr", problem.Language);
        Assert.Contains("(SAFE) differ from the default language's (SAFE, HELP)", problem.Message);
    }

    [Fact]
    public void A_text_longer_than_an_sms_is_refused()
    {
        var draft = ValidDraft();
        draft.Variants[0].Text = "{{org}} {{event}} " + new string('a', 1600);

        var problem = Assert.Single(TemplateValidator.Validate(draft).Errors);
        Assert.Contains("1600", problem.Message);
        Assert.Contains("SMS", problem.Message);
    }

    [Fact]
    public void A_text_longer_than_whatsapp_allows_is_refused_for_both_channels()
    {
        var draft = ValidDraft();
        draft.Variants[0].Text = "{{org}} {{event}} " + new string('a', 4100);

        var messages = TemplateValidator.Validate(draft).Errors.Select(p => p.Message).ToList();
        Assert.Contains(messages, m => m.Contains("WhatsApp accepts at most 4096"));
        Assert.Contains(messages, m => m.Contains("an SMS"));
    }

    [Fact]
    public void An_sms_of_more_than_six_segments_is_a_warning_not_an_error()
    {
        var draft = ValidDraft();
        draft.Variants[1].Text = "{{org}} {{event}} " + string.Concat(Enumerable.Repeat("Êtes-vous prêts ? ", 30));

        var validation = TemplateValidator.Validate(draft);

        Assert.False(validation.HasErrors);
        var warning = Assert.Single(validation.Warnings, p => p.Message.Contains("segments"));
        Assert.Equal("fr", warning.Language);
        Assert.Contains("UCS-2", warning.Message);
    }

    [Fact]
    public void The_segment_warning_counts_the_text_with_the_sample_values()
    {
        var draft = ValidDraft();
        var samples = new Dictionary<string, string> { ["org"] = "Acme", ["event"] = new string('x', 1000) };

        Assert.Contains(TemplateValidator.Validate(draft, samples).Warnings, p => p.Message.Contains("7 segments (GSM-7)"));
        Assert.DoesNotContain(TemplateValidator.Validate(draft).Warnings, p => p.Message.Contains("segments"));
    }

    [Theory]
    [InlineData("HX123")]
    [InlineData("MG0123456789abcdef0123456789abcdef")]
    [InlineData("HX0123456789abcdef0123456789abcdeg")]
    public void A_content_sid_that_is_not_hx_and_32_hex_is_refused(string sid)
    {
        var draft = ValidDraft();
        draft.Variants[0].TwilioContentSid = sid;

        var problem = Assert.Single(TemplateValidator.Validate(draft).Errors);
        Assert.Equal(TemplateField.WhatsApp, problem.Field);
        Assert.Contains("HX followed by 32", problem.Message);
    }

    [Theory]
    [InlineData("Safety_Check")]
    [InlineData("safety-check")]
    [InlineData("safety check")]
    public void A_meta_template_name_outside_lowercase_digits_and_underscores_is_refused(string name)
    {
        var draft = ValidDraft();
        draft.Variants[0].MetaTemplateName = name;

        var problem = Assert.Single(TemplateValidator.Validate(draft).Errors);
        Assert.Contains("Meta template name", problem.Message);
    }

    [Fact]
    public void A_meta_language_must_be_a_language_code_and_come_with_a_name()
    {
        var draft = ValidDraft();
        draft.Variants[0].MetaTemplateLanguage = "english";
        draft.Variants[1].MetaTemplateName = null;

        var problems = TemplateValidator.Validate(draft).Errors.ToList();
        Assert.Contains(problems, p => p.Language == "en" && p.Message.Contains("\"english\" is not a language code"));
        Assert.Contains(problems, p => p.Language == "fr" && p.Message.Contains("as well as its language"));
    }

    [Fact]
    public void A_meta_language_with_an_underscore_region_is_accepted()
    {
        var draft = ValidDraft();
        draft.Variants[0].MetaTemplateLanguage = "en_US";

        Assert.Empty(TemplateValidator.Validate(draft).Problems);
    }

    [Fact]
    public void A_meta_language_of_another_language_is_a_warning()
    {
        var draft = ValidDraft();
        draft.Variants[1].MetaTemplateLanguage = "en";

        var validation = TemplateValidator.Validate(draft);
        Assert.False(validation.HasErrors);
        Assert.Contains(validation.Warnings, p => p.Language == "fr" && p.Field == TemplateField.WhatsApp);
    }

    [Fact]
    public void A_variant_without_any_whatsapp_reference_is_a_warning()
    {
        var draft = ValidDraft();
        draft.Variants[1].TwilioContentSid = null;
        draft.Variants[1].MetaTemplateName = null;
        draft.Variants[1].MetaTemplateLanguage = null;

        var validation = TemplateValidator.Validate(draft);
        Assert.False(validation.HasErrors);
        Assert.Contains(validation.Warnings, p => p.Language == "fr" && p.Message.Contains("24-hour window"));
    }

    [Fact]
    public void Problems_are_grouped_by_language_for_the_editor()
    {
        var draft = ValidDraft();
        draft.Name = "";
        draft.Variants[1].Text = "";

        var validation = TemplateValidator.Validate(draft);
        Assert.Single(validation.General);
        Assert.Single(validation.ForLanguage("FR"));
        Assert.Empty(validation.ForLanguage("en"));
    }

    internal static TemplateDraft ValidDraft() => new()
    {
        Name = "flood-check",
        Category = TemplateCategory.CheckIn,
        DefaultLanguage = "en",
        Variables = ["org", "event"],
        Variants =
        [
            Variant("en", "{{org}}: {{event}} in your area. Are you safe?", ("SAFE", "I am safe"), ("HELP", "I need help")),
            Variant("fr", "{{org}} : {{event}} dans votre secteur. Êtes-vous en sécurité ?", ("SAFE", "Je suis en sécurité"), ("HELP", "J'ai besoin d'aide")),
        ],
    };

    private static VariantDraft Variant(string language, string text, params (string Payload, string Title)[] replies) => new()
    {
        Language = language,
        Text = text,
        QuickReplies = [.. replies.Select(r => new QuickReply { Payload = r.Payload, Title = r.Title })],
        TwilioContentSid = "HX0123456789abcdef0123456789abcdef",
        MetaTemplateName = "flood_check",
        MetaTemplateLanguage = language.ToLowerInvariant(),
    };
}
