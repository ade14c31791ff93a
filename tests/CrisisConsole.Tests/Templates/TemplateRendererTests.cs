using CrisisConsole.Web.Features.Templates;

namespace CrisisConsole.Tests.Templates;

public sealed class TemplateRendererTests
{
    private static readonly Dictionary<string, string> Values = new() { ["org"] = "Acme Relief", ["event"] = "Flooding" };

    [Fact]
    public void Render_fills_every_placeholder_with_its_value()
    {
        var rendered = TemplateRenderer.Render("{{org}}: {{event}} in your area. {{org}} will call.", Values);

        Assert.Equal("Acme Relief: Flooding in your area. Acme Relief will call.", rendered.Text);
        Assert.True(rendered.IsComplete);
    }

    [Fact]
    public void Render_accepts_spaces_inside_the_braces()
    {
        Assert.Equal("Acme Relief / Flooding", TemplateRenderer.Render("{{ org }} / {{event }}", Values).Text);
    }

    [Fact]
    public void Render_reports_a_missing_variable_once_and_leaves_its_placeholder()
    {
        var rendered = TemplateRenderer.Render("{{org}}: {{zone}} then {{zone}} again", Values);

        Assert.Equal("Acme Relief: {{zone}} then {{zone}} again", rendered.Text);
        Assert.Equal(["zone"], rendered.MissingVariables);
        Assert.False(rendered.IsComplete);
    }

    [Fact]
    public void Render_counts_a_blank_value_as_missing()
    {
        var rendered = TemplateRenderer.Render("{{org}}: {{event}}", new Dictionary<string, string> { ["org"] = "Acme", ["event"] = "  " });

        Assert.Equal(["event"], rendered.MissingVariables);
    }

    [Fact]
    public void Render_never_expands_placeholders_found_inside_a_value()
    {
        var values = new Dictionary<string, string> { ["org"] = "{{event}}", ["event"] = "Flooding" };

        Assert.Equal("{{event}} / Flooding", TemplateRenderer.Render("{{org}} / {{event}}", values).Text);
    }

    [Fact]
    public void Render_finds_a_value_whose_key_differs_only_in_case()
    {
        var values = new Dictionary<string, string> { ["ORG"] = "Acme" };

        Assert.Equal("Acme", TemplateRenderer.Render("{{org}}", values).Text);
    }

    [Fact]
    public void Render_keeps_arabic_text_and_arabic_values_intact()
    {
        const string text = "{{org}}: {{event}} في منطقتك. هل أنت بخير؟";
        var values = new Dictionary<string, string> { ["org"] = "الهلال الأحمر", ["event"] = "فيضانات" };

        var rendered = TemplateRenderer.Render(text, values);

        Assert.Equal("الهلال الأحمر: فيضانات في منطقتك. هل أنت بخير؟", rendered.Text);
        Assert.True(rendered.IsComplete);
    }

    [Fact]
    public void Placeholders_are_listed_once_in_the_order_they_first_appear()
    {
        Assert.Equal(["event", "org", "when"], TemplateRenderer.Placeholders("{{event}} {{org}} {{event}} {{ when }}"));
    }

    [Fact]
    public void MalformedPlaceholders_finds_braces_that_do_not_form_a_placeholder()
    {
        Assert.Single(TemplateRenderer.MalformedPlaceholders("Hello {{org} and {{event}}"));
        Assert.Single(TemplateRenderer.MalformedPlaceholders("Hello {{two words}}"));
        Assert.Empty(TemplateRenderer.MalformedPlaceholders("Hello {{org}}, {single} braces are fine"));
    }

    [Fact]
    public void SelectVariant_takes_the_exact_language_first()
    {
        var template = Template("en", ("en", "E"), ("fr", "F"), ("fr-CA", "FC"));

        Assert.Equal("FC", TemplateRenderer.SelectVariant(template, "fr-CA")!.Text);
    }

    [Fact]
    public void SelectVariant_falls_back_from_a_regional_tag_to_its_parent_language()
    {
        var template = Template("en", ("en", "E"), ("fr", "F"), ("ar", "A"));

        Assert.Equal("F", TemplateRenderer.SelectVariant(template, "fr-CA")!.Text);
        Assert.Equal("A", TemplateRenderer.SelectVariant(template, "ar_EG")!.Text);
        Assert.Equal("A", TemplateRenderer.SelectVariant(template, "AR")!.Text);
    }

    [Fact]
    public void SelectVariant_falls_back_to_the_default_language_when_the_recipients_is_missing()
    {
        var template = Template("fr", ("en", "E"), ("fr", "F"));

        Assert.Equal("F", TemplateRenderer.SelectVariant(template, "de-AT")!.Text);
        Assert.Equal("F", TemplateRenderer.SelectVariant(template, null)!.Text);
    }

    [Fact]
    public void SelectVariant_uses_the_first_variant_when_even_the_default_is_missing_and_null_without_variants()
    {
        Assert.Equal("E", TemplateRenderer.SelectVariant(Template("ar", ("en", "E")), "de")!.Text);
        Assert.Null(TemplateRenderer.SelectVariant(Template("en"), "en"));
    }

    [Fact]
    public void Positional_parameters_follow_the_first_appearance_in_the_default_variant()
    {
        var template = Template("fr", ("en", "{{when}} {{org}} {{event}}"), ("fr", "{{org}} : {{event}} le {{when}} ({{org}})"));
        template.Variables = ["when", "event", "org"];
        var values = new Dictionary<string, string> { ["org"] = "Acme", ["event"] = "Flooding", ["when"] = "today" };

        var parameters = TemplateRenderer.PositionalParametersFor(template, values);

        Assert.Equal(["org", "event", "when"], parameters.Names);
        Assert.Equal(["Acme", "Flooding", "today"], parameters.Values);
        Assert.True(parameters.IsComplete);
    }

    [Fact]
    public void Positional_parameters_report_missing_values_and_keep_their_position()
    {
        var template = Template("en", ("en", "{{org}} {{event}}"));
        template.Variables = ["org", "event"];

        var parameters = TemplateRenderer.PositionalParametersFor(template, new Dictionary<string, string> { ["event"] = "Flooding" });

        Assert.Equal(["", "Flooding"], parameters.Values);
        Assert.Equal(["org"], parameters.MissingVariables);
    }

    [Fact]
    public void Positional_parameters_append_declared_variables_the_default_text_does_not_use()
    {
        var template = Template("en", ("en", "{{org}}"));
        template.Variables = ["zone", "org"];

        Assert.Equal(["org", "zone"], TemplateRenderer.PositionalVariableNames(template));
    }

    [Theory]
    [InlineData("en", "[DRILL]")]
    [InlineData("fr", "[EXERCICE]")]
    [InlineData("fr-CA", "[EXERCICE]")]
    [InlineData("ar", "[تمرين]")]
    [InlineData("ar_EG", "[تمرين]")]
    [InlineData("de", "[DRILL]")]
    [InlineData(null, "[DRILL]")]
    public void DrillPrefix_is_in_the_recipients_language_with_english_otherwise(string? language, string expected)
    {
        Assert.Equal(expected, TemplateRenderer.DrillPrefix(language));
    }

    [Fact]
    public void WithDrillPrefix_puts_the_prefix_in_front_once()
    {
        var once = TemplateRenderer.WithDrillPrefix("Are you safe?", "fr");

        Assert.Equal("[EXERCICE] Are you safe?", once);
        Assert.Equal(once, TemplateRenderer.WithDrillPrefix(once, "fr"));
    }

    [Fact]
    public void Rendering_a_drill_uses_the_prefix_of_the_variant_actually_sent()
    {
        var template = Template("en", ("en", "Hello {{org}}"), ("ar", "مرحبا {{org}}"));
        template.Variables = ["org"];
        var values = new Dictionary<string, string> { ["org"] = "Acme" };

        var arabic = TemplateRenderer.Render(template, "ar-EG", values, isDrill: true)!;
        var german = TemplateRenderer.Render(template, "de", values, isDrill: true)!;
        var real = TemplateRenderer.Render(template, "ar", values)!;

        Assert.Equal("[تمرين] مرحبا Acme", arabic.Text);
        Assert.Equal("ar", arabic.Language);
        Assert.Equal("[DRILL] Hello Acme", german.Text);
        Assert.Equal("مرحبا Acme", real.Text);
    }

    [Theory]
    [InlineData("en", true)]
    [InlineData("fr-CA", true)]
    [InlineData("zh-Hant-TW", true)]
    [InlineData("es-419", true)]
    [InlineData("ar", true)]
    [InlineData("english", false)]
    [InlineData("e", false)]
    [InlineData("en_US", false)]
    [InlineData("fr-", false)]
    [InlineData("", false)]
    public void Language_tags_are_checked_for_bcp47_shape(string tag, bool wellFormed)
    {
        Assert.Equal(wellFormed, LanguageTags.IsWellFormed(tag));
    }

    [Theory]
    [InlineData("ar", "rtl")]
    [InlineData("ar-EG", "rtl")]
    [InlineData("he", "rtl")]
    [InlineData("fa", "rtl")]
    [InlineData("ur", "rtl")]
    [InlineData("fr", "auto")]
    [InlineData("en", "auto")]
    public void Direction_is_right_to_left_for_arabic_hebrew_persian_and_urdu(string tag, string direction)
    {
        Assert.Equal(direction, LanguageTags.Direction(tag));
    }

    [Fact]
    public void Normalize_writes_tags_in_their_usual_case()
    {
        Assert.Equal("fr-CA", LanguageTags.Normalize(" FR_ca "));
        Assert.Equal("zh-Hant-TW", LanguageTags.Normalize("ZH-hant-tw"));
    }

    private static MessageTemplate Template(string defaultLanguage, params (string Language, string Text)[] variants) => new()
    {
        Name = "test",
        DefaultLanguage = defaultLanguage,
        Variants = [.. variants.Select(v => new TemplateVariant { Language = v.Language, Text = v.Text })],
    };
}
