using System.Text.Json.Serialization;

namespace CrisisConsole.GatewaySimulator.Twilio;

/// <summary>
/// The JSON of a Message resource with Twilio's types: counts are strings, dates RFC 2822, price a
/// nullable string, error_code a nullable integer. Every field is always written, null or not.
/// </summary>
internal sealed record TwilioMessageResource
{
    [JsonPropertyName("account_sid")] public required string AccountSid { get; init; }

    [JsonPropertyName("api_version")] public string ApiVersion { get; init; } = "2010-04-01";

    [JsonPropertyName("body")] public required string Body { get; init; }

    [JsonPropertyName("date_created")] public required string DateCreated { get; init; }

    [JsonPropertyName("date_sent")] public string? DateSent { get; init; }

    [JsonPropertyName("date_updated")] public required string DateUpdated { get; init; }

    [JsonPropertyName("direction")] public required string Direction { get; init; }

    [JsonPropertyName("error_code")] public int? ErrorCode { get; init; }

    [JsonPropertyName("error_message")] public string? ErrorMessage { get; init; }

    [JsonPropertyName("from")] public string? From { get; init; }

    [JsonPropertyName("messaging_service_sid")] public string? MessagingServiceSid { get; init; }

    [JsonPropertyName("num_media")] public required string NumMedia { get; init; }

    [JsonPropertyName("num_segments")] public required string NumSegments { get; init; }

    [JsonPropertyName("price")] public string? Price { get; init; }

    [JsonPropertyName("price_unit")] public string? PriceUnit { get; init; }

    [JsonPropertyName("sid")] public required string Sid { get; init; }

    [JsonPropertyName("status")] public required string Status { get; init; }

    [JsonPropertyName("subresource_uris")] public required Dictionary<string, string> SubresourceUris { get; init; }

    [JsonPropertyName("to")] public required string To { get; init; }

    [JsonPropertyName("uri")] public required string Uri { get; init; }
}

/// <summary>One page of GET …/Messages.json.</summary>
internal sealed record TwilioMessagePage
{
    [JsonPropertyName("messages")] public required IReadOnlyList<TwilioMessageResource> Messages { get; init; }

    [JsonPropertyName("end")] public int End { get; init; }

    [JsonPropertyName("first_page_uri")] public required string FirstPageUri { get; init; }

    [JsonPropertyName("next_page_uri")] public string? NextPageUri { get; init; }

    [JsonPropertyName("page")] public int Page { get; init; }

    [JsonPropertyName("page_size")] public int PageSize { get; init; }

    [JsonPropertyName("previous_page_uri")] public string? PreviousPageUri { get; init; }

    [JsonPropertyName("start")] public int Start { get; init; }

    [JsonPropertyName("uri")] public required string Uri { get; init; }
}
