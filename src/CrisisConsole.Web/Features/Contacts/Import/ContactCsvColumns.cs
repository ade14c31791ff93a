namespace CrisisConsole.Web.Features.Contacts.Import;

/// <summary>
/// Maps header cells to the known columns. Headers are matched without regard to case, spaces, dashes
/// or underscores, and a few common spellings are accepted ("External ID", "mobile", "latitude").
/// Columns not listed are ignored.
/// </summary>
public static class ContactCsvColumns
{
    public const string Name = "name";
    public const string Phone = "phone";
    public const string WhatsApp = "whatsapp";
    public const string Language = "language";
    public const string Zone = "zone";
    public const string Groups = "groups";
    public const string Tags = "tags";
    public const string Lat = "lat";
    public const string Lon = "lon";
    public const string ExternalId = "external_id";
    public const string Consent = "consent";

    /// <summary>The columns in the order export writes them.</summary>
    public static readonly IReadOnlyList<string> All = [Name, Phone, WhatsApp, Language, Zone, Groups, Tags, Lat, Lon, ExternalId, Consent];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["name"] = Name, ["fullname"] = Name, ["contactname"] = Name,
        ["phone"] = Phone, ["phonenumber"] = Phone, ["mobile"] = Phone, ["mobilenumber"] = Phone, ["msisdn"] = Phone, ["e164"] = Phone,
        ["whatsapp"] = WhatsApp, ["whatsappcapable"] = WhatsApp,
        ["language"] = Language, ["lang"] = Language, ["locale"] = Language,
        ["zone"] = Zone, ["site"] = Zone,
        ["groups"] = Groups, ["group"] = Groups,
        ["tags"] = Tags, ["tag"] = Tags,
        ["lat"] = Lat, ["latitude"] = Lat,
        ["lon"] = Lon, ["lng"] = Lon, ["long"] = Lon, ["longitude"] = Lon,
        ["externalid"] = ExternalId, ["extid"] = ExternalId, ["id"] = ExternalId,
        ["consent"] = Consent,
    };

    public static string? Recognize(string header)
    {
        var key = new string(header.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        return Aliases.GetValueOrDefault(key);
    }
}
