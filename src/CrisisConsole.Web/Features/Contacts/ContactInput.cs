using System.Globalization;
using CrisisConsole.Gateways.Phone;

namespace CrisisConsole.Web.Features.Contacts;

/// <summary>
/// What a person types into the contact dialog. <see cref="Validate"/> returns one message per field,
/// keyed by property name, so the dialog can show each under its own box.
/// </summary>
public sealed class ContactInput
{
    public string Name { get; set; } = "";
    public string Phone { get; set; } = "";
    public bool? WhatsAppCapable { get; set; }
    public string Language { get; set; } = LanguageTag.Default;
    public string? Zone { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }

    /// <summary>Separated by |, ',' or ';'.</summary>
    public string? Groups { get; set; }

    public string? Tags { get; set; }
    public string? ExternalId { get; set; }
    public ConsentStatus Consent { get; set; } = ConsentStatus.Unknown;

    /// <summary>Where a new consent came from ("paper form", "phone call"); needed when the consent changes.</summary>
    public string? ConsentSource { get; set; }

    public static ContactInput From(Contact contact) => new()
    {
        Name = contact.Name,
        Phone = contact.Phone,
        WhatsAppCapable = contact.WhatsAppCapable,
        Language = contact.Language,
        Zone = contact.Zone,
        Latitude = contact.Latitude,
        Longitude = contact.Longitude,
        Groups = string.Join(" | ", contact.Groups.Order(StringComparer.OrdinalIgnoreCase)),
        Tags = string.Join(" | ", contact.Tags.Order(StringComparer.OrdinalIgnoreCase)),
        ExternalId = contact.ExternalId,
        Consent = contact.Consent,
    };

    /// <summary>Checks every field; on success the normalised phone and language are in the out values.</summary>
    public Dictionary<string, string> Validate(ConsentStatus? currentConsent, out string? phone, out string? language)
    {
        var errors = new Dictionary<string, string>();
        phone = null;
        language = null;

        var name = Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors[nameof(Name)] = "Enter the person's name.";
        }
        else if (name.Length > Contact.NameMaxLength)
        {
            errors[nameof(Name)] = $"The name is longer than {Contact.NameMaxLength} characters.";
        }

        if (!E164.TryNormalize(Phone, out phone, out var phoneError))
        {
            errors[nameof(Phone)] = phoneError;
        }

        if (!LanguageTag.TryNormalize(Language, out language, out var languageError))
        {
            errors[nameof(Language)] = languageError;
        }

        if (Zone?.Trim().Length > Contact.ZoneMaxLength)
        {
            errors[nameof(Zone)] = $"The zone is longer than {Contact.ZoneMaxLength} characters.";
        }

        if (ExternalId?.Trim().Length > Contact.ExternalIdMaxLength)
        {
            errors[nameof(ExternalId)] = $"The external id is longer than {Contact.ExternalIdMaxLength} characters.";
        }

        if (Latitude is not null && (Latitude < -90 || Latitude > 90 || double.IsNaN(Latitude.Value)))
        {
            errors[nameof(Latitude)] = "The latitude must be between -90 and 90.";
        }

        if (Longitude is not null && (Longitude < -180 || Longitude > 180 || double.IsNaN(Longitude.Value)))
        {
            errors[nameof(Longitude)] = "The longitude must be between -180 and 180.";
        }

        if ((Latitude is null) != (Longitude is null))
        {
            errors[Latitude is null ? nameof(Latitude) : nameof(Longitude)] = "Give both latitude and longitude, or neither.";
        }

        var consentChanges = currentConsent is null ? Consent != ConsentStatus.Unknown : Consent != currentConsent;
        if (consentChanges && string.IsNullOrWhiteSpace(ConsentSource))
        {
            errors[nameof(ConsentSource)] = "Say where this consent came from, for example 'paper form' or 'phone call'.";
        }
        else if (ConsentSource?.Trim().Length > Contact.ConsentSourceMaxLength)
        {
            errors[nameof(ConsentSource)] = $"The consent source is longer than {Contact.ConsentSourceMaxLength} characters.";
        }

        return errors;
    }

    public static string? FormatCoordinate(double? value) => value?.ToString("0.######", CultureInfo.InvariantCulture);
}
