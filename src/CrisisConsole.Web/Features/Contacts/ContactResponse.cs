namespace CrisisConsole.Web.Features.Contacts;

/// <summary>A contact as the REST API returns it. Consent is "opted_in", "opted_out" or "unknown".</summary>
public sealed record ContactResponse(
    int Id,
    string Name,
    string Phone,
    bool? WhatsAppCapable,
    string Language,
    string? Zone,
    double? Latitude,
    double? Longitude,
    IReadOnlyList<string> Groups,
    IReadOnlyList<string> Tags,
    string? ExternalId,
    string Consent,
    string? ConsentSource,
    DateTimeOffset? ConsentAt,
    bool Messageable,
    DateTimeOffset? LastInboundWhatsAppAt,
    DateTimeOffset? LastInboundSmsAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ContactResponse From(Contact c) => new(
        c.Id, c.Name, c.Phone, c.WhatsAppCapable, c.Language, c.Zone, c.Latitude, c.Longitude,
        c.Groups.Order(StringComparer.OrdinalIgnoreCase).ToList(), c.Tags.Order(StringComparer.OrdinalIgnoreCase).ToList(),
        c.ExternalId, ConsentStatusText.ToWire(c.Consent), c.ConsentSource, c.ConsentAt,
        ContactMessagingPolicy.CanMessage(c), c.LastInboundWhatsAppAt, c.LastInboundSmsAt, c.CreatedAt, c.UpdatedAt);
}
