using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.CheckIns;

/// <summary>Section "CheckIns": how answers are linked to check-in broadcasts.</summary>
public sealed class CheckInOptions
{
    public const string Section = "CheckIns";

    /// <summary>
    /// An answer that does not quote the message it replies to (plain SMS, typed WhatsApp text) goes to
    /// the latest check-in broadcast sent to the person within this many hours; older ones are not guessed.
    /// </summary>
    public int LinkWindowHours { get; set; } = 72;
}

internal sealed class CheckInOptionsValidator : IValidateOptions<CheckInOptions>
{
    public ValidateOptionsResult Validate(string? name, CheckInOptions options) =>
        options.LinkWindowHours is < 1 or > 24 * 90
            ? ValidateOptionsResult.Fail($"{CheckInOptions.Section}:{nameof(CheckInOptions.LinkWindowHours)} must be between 1 and 2160 hours (90 days); it is {options.LinkWindowHours}.")
            : ValidateOptionsResult.Success;
}
