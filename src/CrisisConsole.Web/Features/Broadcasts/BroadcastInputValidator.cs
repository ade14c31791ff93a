using CrisisConsole.Web.Features.Segments;
using CrisisConsole.Web.Features.Templates;

namespace CrisisConsole.Web.Features.Broadcasts;

/// <summary>The keys of validation messages: form fields, or "Variables.{name}" for one variable.</summary>
public static class BroadcastFields
{
    public const string Form = "";
    public const string Template = "Template";
    public const string Segments = "Segments";
    public const string Channels = "Channels";
    public const string SmsFallbackAfterMinutes = "SmsFallbackAfterMinutes";
    public const string ScheduledFor = "ScheduledFor";
    public const string IncidentId = "IncidentId";
    public const string VariablePrefix = "Variables.";

    public static string Variable(string name) => VariablePrefix + name;
}

/// <summary>
/// Checks composer input against the template and segments as they are now. A draft may be
/// incomplete (no segment yet, a variable still empty); submitting needs everything.
/// </summary>
public static class BroadcastInputValidator
{
    /// <param name="liveSegments">The segments of <see cref="BroadcastInput.SegmentIds"/> that exist and are not deleted.</param>
    /// <param name="values">The values of the template's variables, trimmed; other names are dropped.</param>
    public static Dictionary<string, string> Validate(BroadcastInput input, MessageTemplate? template, IReadOnlyCollection<Segment> liveSegments,
        DateTimeOffset now, bool forSubmit, out Dictionary<string, string> values)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (template is null)
        {
            errors[BroadcastFields.Template] = input.TemplateId is null
                ? "Choose a template."
                : "This template no longer exists or has been retired; choose another.";
        }
        else
        {
            CheckVariables(input, template, forSubmit, errors, values);
        }

        var wanted = input.SegmentIds.Distinct().ToList();
        var missing = wanted.Where(id => liveSegments.All(s => s.Id != id)).ToList();
        if (missing.Count > 0)
        {
            errors[BroadcastFields.Segments] = missing.Count == 1
                ? "One of the chosen segments no longer exists; remove it."
                : $"{missing.Count} of the chosen segments no longer exist; remove them.";
        }
        else if (wanted.Count > BroadcastInput.MaxSegments)
        {
            errors[BroadcastFields.Segments] = $"Choose at most {BroadcastInput.MaxSegments} segments.";
        }
        else if (forSubmit && wanted.Count == 0 && input.ContactIds.Count == 0)
        {
            errors[BroadcastFields.Segments] = "Choose at least one segment.";
        }

        if (!Enum.IsDefined(input.ChannelPolicy))
        {
            errors[BroadcastFields.Channels] = "Choose how to send: WhatsApp then SMS, WhatsApp only, or SMS only.";
        }

        if (input.ChannelPolicy == ChannelPolicy.WhatsAppThenSms && input.SmsFallbackAfterMinutes is { } minutes
            && minutes is < 1 or > BroadcastInput.MaxFallbackMinutes)
        {
            errors[BroadcastFields.SmsFallbackAfterMinutes] = $"The SMS fallback comes after 1 to {BroadcastInput.MaxFallbackMinutes} minutes.";
        }

        if (input.ScheduledFor is { } at)
        {
            if (at < now.AddMinutes(-1))
            {
                errors[BroadcastFields.ScheduledFor] = "The scheduled time has passed; choose a later time or send as soon as it is approved.";
            }
            else if (at > now + BroadcastInput.MaxScheduleAhead)
            {
                errors[BroadcastFields.ScheduledFor] = $"Schedule at most {BroadcastInput.MaxScheduleAhead.Days} days ahead.";
            }
        }

        if (input.IncidentId is <= 0)
        {
            errors[BroadcastFields.IncidentId] = "An incident number is a positive whole number.";
        }

        return errors;
    }

    private static void CheckVariables(BroadcastInput input, MessageTemplate template, bool forSubmit, Dictionary<string, string> errors,
        Dictionary<string, string> values)
    {
        foreach (var name in template.Variables)
        {
            var value = input.Variables.TryGetValue(name, out var given)
                ? given
                : input.Variables.FirstOrDefault(kv => string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
            value = value?.Trim() ?? "";
            if (value.Length > BroadcastInput.VariableValueMaxLength)
            {
                errors[BroadcastFields.Variable(name)] = $"{name} is too long: at most {BroadcastInput.VariableValueMaxLength} characters.";
            }
            else if (value.Length == 0)
            {
                if (forSubmit)
                {
                    errors[BroadcastFields.Variable(name)] = $"Fill in {name}.";
                }
            }
            else
            {
                values[name] = value;
            }
        }

        if (values.Count != template.Variables.Count)
        {
            return;
        }

        // Long values can push a language past what WhatsApp accepts; say which language, before a supervisor sees it.
        foreach (var variant in template.Variants)
        {
            var rendered = TemplateRenderer.Render(template, variant.Language, values, input.IsDrill);
            if (rendered is not null && rendered.Text.Length > TemplateLimits.WhatsAppTextMaxLength)
            {
                errors[BroadcastFields.Form] =
                    $"With these values the {variant.Language} message is {rendered.Text.Length} characters; WhatsApp takes at most {TemplateLimits.WhatsAppTextMaxLength}. Shorten the values.";
                return;
            }
        }
    }
}
