using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.Broadcasts.Pages;
using CrisisConsole.Web.Features.Templates;

namespace CrisisConsole.Tests.Broadcasts;

public sealed class ComposerInputChecksTests
{
    private static BroadcastInput Input() => new()
    {
        TemplateId = 3, Variables = new() { ["org"] = "Acme", ["event"] = "Flood" }, SegmentIds = [2, 1], ChannelPolicy = ChannelPolicy.SmsOnly,
    };

    [Fact]
    public void The_preview_stays_current_when_only_order_spacing_or_blank_values_differ()
    {
        var other = Input();
        other.Variables = new() { ["event"] = " Flood ", ["org"] = "Acme", ["unused"] = "  " };
        other.SegmentIds = [1, 2, 2];
        other.IncidentId = 7;

        Assert.Equal(ComposerInputChecks.Fingerprint(Input()), ComposerInputChecks.Fingerprint(other));
    }

    [Fact]
    public void The_preview_is_stale_after_a_change_it_shows()
    {
        var changed = Input();
        changed.Variables["event"] = "Storm";
        var drill = Input();
        drill.IsDrill = true;
        var segments = Input();
        segments.SegmentIds = [1];

        Assert.NotEqual(ComposerInputChecks.Fingerprint(Input()), ComposerInputChecks.Fingerprint(changed));
        Assert.NotEqual(ComposerInputChecks.Fingerprint(Input()), ComposerInputChecks.Fingerprint(drill));
        Assert.NotEqual(ComposerInputChecks.Fingerprint(Input()), ComposerInputChecks.Fingerprint(segments));
    }

    [Fact]
    public void A_retired_template_and_deleted_segments_are_taken_out_of_a_reopened_draft()
    {
        var input = Input();
        MessageTemplate? template = new() { Id = 3, Name = "old-alert", IsRetired = true };

        var note = ComposerInputChecks.DropWhatNoLongerExists(input, ref template, new HashSet<int> { 1 });

        Assert.Null(template);
        Assert.Null(input.TemplateId);
        Assert.Equal([1], input.SegmentIds);
        Assert.Equal("The template old-alert has been retired; choose another. A segment of this draft has been deleted and was taken out.", note);
    }

    [Fact]
    public void Nothing_is_said_when_everything_still_exists()
    {
        var input = Input();
        MessageTemplate? template = new() { Id = 3, Name = "alert" };

        Assert.Null(ComposerInputChecks.DropWhatNoLongerExists(input, ref template, new HashSet<int> { 1, 2 }));
        Assert.NotNull(template);
    }
}
