using CrisisConsole.Gateways.Errors;
using CrisisConsole.Gateways.Messaging;

namespace CrisisConsole.Tests.Gateways;

/// <summary>Every code listed in gateways.md A.1/A.2 (Twilio) and B.1 (Meta) has a class.</summary>
public sealed class ErrorCodeTests
{
    private const string Transient = "transient";

    [Theory]
    [InlineData(20003, nameof(PermanentFailureKind.AccountProblem))]
    [InlineData(20429, Transient)]
    [InlineData(21211, nameof(PermanentFailureKind.InvalidNumber))]
    [InlineData(21408, nameof(PermanentFailureKind.Unroutable))]
    [InlineData(21608, nameof(PermanentFailureKind.AccountProblem))]
    [InlineData(21609, nameof(PermanentFailureKind.InvalidRequest))]
    [InlineData(21610, nameof(PermanentFailureKind.OptedOut))]
    [InlineData(21612, nameof(PermanentFailureKind.Unroutable))]
    [InlineData(21614, nameof(PermanentFailureKind.InvalidNumber))]
    [InlineData(21635, nameof(PermanentFailureKind.InvalidNumber))]
    [InlineData(21606, nameof(PermanentFailureKind.AccountProblem))]
    [InlineData(21659, nameof(PermanentFailureKind.AccountProblem))]
    [InlineData(30001, Transient)]
    [InlineData(30002, nameof(PermanentFailureKind.AccountProblem))]
    [InlineData(30003, Transient)]
    [InlineData(30005, nameof(PermanentFailureKind.InvalidNumber))]
    [InlineData(30006, nameof(PermanentFailureKind.Unroutable))]
    [InlineData(30007, nameof(PermanentFailureKind.Filtered))]
    [InlineData(30008, Transient)]
    [InlineData(30450, Transient)]
    [InlineData(63016, nameof(PermanentFailureKind.WindowClosed))]
    [InlineData(63018, Transient)]
    [InlineData(63017, Transient)]
    [InlineData(63014, nameof(PermanentFailureKind.OptedOut))]
    [InlineData(63021, nameof(PermanentFailureKind.ContentRejected))]
    [InlineData(11200, nameof(PermanentFailureKind.Other))]
    [InlineData(99999, nameof(PermanentFailureKind.Other))]
    public void Twilio_code_has_its_class(int code, string expected) =>
        Assert.Equal(expected, Describe(TwilioErrorCodes.Classify(code)));

    [Theory]
    [InlineData(0, nameof(PermanentFailureKind.AccountProblem))]
    [InlineData(190, nameof(PermanentFailureKind.AccountProblem))]
    [InlineData(3, nameof(PermanentFailureKind.AccountProblem))]
    [InlineData(10, nameof(PermanentFailureKind.AccountProblem))]
    [InlineData(200, nameof(PermanentFailureKind.AccountProblem))]
    [InlineData(299, nameof(PermanentFailureKind.AccountProblem))]
    [InlineData(4, Transient)]
    [InlineData(80007, Transient)]
    [InlineData(130429, Transient)]
    [InlineData(131056, Transient)]
    [InlineData(131048, nameof(PermanentFailureKind.AccountProblem))]
    [InlineData(131049, nameof(PermanentFailureKind.RecipientLimited))]
    [InlineData(131047, nameof(PermanentFailureKind.WindowClosed))]
    [InlineData(131026, nameof(PermanentFailureKind.NotOnWhatsApp))]
    [InlineData(131050, nameof(PermanentFailureKind.OptedOut))]
    [InlineData(131051, nameof(PermanentFailureKind.InvalidRequest))]
    [InlineData(131052, nameof(PermanentFailureKind.ContentRejected))]
    [InlineData(131053, nameof(PermanentFailureKind.ContentRejected))]
    [InlineData(131000, Transient)]
    [InlineData(131016, Transient)]
    [InlineData(2, Transient)]
    [InlineData(1, Transient)]
    [InlineData(131008, nameof(PermanentFailureKind.InvalidRequest))]
    [InlineData(131009, nameof(PermanentFailureKind.InvalidRequest))]
    [InlineData(100, nameof(PermanentFailureKind.InvalidRequest))]
    [InlineData(131021, nameof(PermanentFailureKind.InvalidRequest))]
    [InlineData(131042, nameof(PermanentFailureKind.AccountProblem))]
    [InlineData(131045, nameof(PermanentFailureKind.AccountProblem))]
    [InlineData(133010, nameof(PermanentFailureKind.AccountProblem))]
    [InlineData(131057, Transient)]
    [InlineData(368, nameof(PermanentFailureKind.AccountProblem))]
    [InlineData(131031, nameof(PermanentFailureKind.AccountProblem))]
    [InlineData(130497, nameof(PermanentFailureKind.Unroutable))]
    [InlineData(132000, nameof(PermanentFailureKind.TemplateProblem))]
    [InlineData(132001, nameof(PermanentFailureKind.TemplateProblem))]
    [InlineData(132005, nameof(PermanentFailureKind.TemplateProblem))]
    [InlineData(132007, nameof(PermanentFailureKind.TemplateProblem))]
    [InlineData(132012, nameof(PermanentFailureKind.TemplateProblem))]
    [InlineData(132015, nameof(PermanentFailureKind.TemplateProblem))]
    [InlineData(132016, nameof(PermanentFailureKind.TemplateProblem))]
    [InlineData(132999, nameof(PermanentFailureKind.TemplateProblem))]
    [InlineData(999999, nameof(PermanentFailureKind.Other))]
    public void Meta_code_has_its_class(int code, string expected) =>
        Assert.Equal(expected, Describe(MetaErrorCodes.Classify(code)));

    [Theory]
    [InlineData(130429, true)]
    [InlineData(131056, true)]
    [InlineData(80007, true)]
    [InlineData(4, true)]
    [InlineData(131000, false)]
    [InlineData(131026, false)]
    public void Only_meta_rate_limits_are_retried_at_once(int code, bool expected) =>
        Assert.Equal(expected, MetaErrorCodes.IsSafeToRetryNow(code));

    [Fact]
    public void Only_twilio_concurrency_refusals_are_retried_at_once()
    {
        Assert.True(TwilioErrorCodes.IsSafeToRetryNow(20429));
        Assert.False(TwilioErrorCodes.IsSafeToRetryNow(30001));
        Assert.False(TwilioErrorCodes.IsSafeToRetryNow(21211));
    }

    [Theory]
    [InlineData(GatewayProvider.TwilioSms, "30007", nameof(PermanentFailureKind.Filtered))]
    [InlineData(GatewayProvider.TwilioWhatsApp, "63016", nameof(PermanentFailureKind.WindowClosed))]
    [InlineData(GatewayProvider.MetaWhatsApp, "131047", nameof(PermanentFailureKind.WindowClosed))]
    [InlineData(GatewayProvider.MetaWhatsApp, "not-a-number", nameof(PermanentFailureKind.Other))]
    [InlineData(GatewayProvider.TwilioSms, null, nameof(PermanentFailureKind.Other))]
    public void Codes_from_status_webhooks_are_classified_per_provider(GatewayProvider provider, string? code, string expected) =>
        Assert.Equal(expected, Describe(GatewayErrorCodes.Classify(provider, code)));

    private static string Describe(ErrorClass errorClass) => errorClass.IsTransient ? Transient : errorClass.Kind.ToString();
}
