using CrisisConsole.Web.Features.Templates;

namespace CrisisConsole.Tests.Templates;

public sealed class TemplateDraftTests
{
    [Fact]
    public void A_new_language_starts_with_the_default_reply_ids_and_meta_template()
    {
        var draft = TemplateValidatorTests.ValidDraft();

        var error = draft.TryAddVariant(" fr_ca ", out var index);

        Assert.Null(error);
        var added = draft.Variants[index];
        Assert.Equal("fr-CA", added.Language);
        Assert.Equal(["SAFE", "HELP"], added.QuickReplies.Select(r => r.Payload));
        Assert.All(added.QuickReplies, r => Assert.Equal("", r.Title));
        Assert.Equal("flood_check", added.MetaTemplateName);
        Assert.Equal("fr_CA", added.MetaTemplateLanguage);
        Assert.Null(added.TwilioContentSid);
        Assert.Equal("", added.Text);
    }

    [Fact]
    public void Adding_a_language_already_there_points_at_it_and_adds_nothing()
    {
        var draft = TemplateValidatorTests.ValidDraft();

        var error = draft.TryAddVariant("FR", out var index);

        Assert.Equal("There is already a fr variant.", error);
        Assert.Equal(1, index);
        Assert.Equal(2, draft.Variants.Count);
    }

    [Fact]
    public void Adding_something_that_is_not_a_language_tag_is_refused()
    {
        var draft = TemplateValidatorTests.ValidDraft();

        var error = draft.TryAddVariant("French", out var index);

        Assert.Contains("not a language tag", error);
        Assert.Equal(-1, index);
        Assert.Equal(2, draft.Variants.Count);
    }

    [Fact]
    public void The_first_language_of_an_empty_draft_becomes_its_default()
    {
        var draft = new TemplateDraft { DefaultLanguage = "" };

        Assert.Null(draft.TryAddVariant("ar", out _));
        Assert.Equal("ar", draft.DefaultLanguage);
    }

    [Fact]
    public void Variables_can_be_typed_with_commas_spaces_or_braces()
    {
        Assert.Equal(["org", "event", "when"], TemplateDraft.ParseVariables("org, {{event}}  when,"));
        Assert.Empty(TemplateDraft.ParseVariables("  "));
    }
}
