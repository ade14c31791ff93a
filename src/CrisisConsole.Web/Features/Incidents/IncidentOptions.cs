using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.Incidents;

/// <summary>Section "Incidents".</summary>
public sealed class IncidentOptions
{
    public const string Section = "Incidents";

    /// <summary>
    /// Minutes without an update (a broadcast of the incident starting to send) after which the
    /// communications lead of an open or monitoring incident is reminded; and again every such period.
    /// </summary>
    public int UpdateReminderMinutes { get; set; } = 60;

    public TimeSpan UpdateReminderPeriod => TimeSpan.FromMinutes(UpdateReminderMinutes);
}

internal sealed class IncidentOptionsValidator : IValidateOptions<IncidentOptions>
{
    public ValidateOptionsResult Validate(string? name, IncidentOptions options) =>
        options.UpdateReminderMinutes is < 1 or > 7 * 24 * 60
            ? ValidateOptionsResult.Fail(
                $"{IncidentOptions.Section}:{nameof(IncidentOptions.UpdateReminderMinutes)} must be between 1 and 10080 minutes (a week); it is {options.UpdateReminderMinutes}.")
            : ValidateOptionsResult.Success;
}
