using System.Security.Cryptography;
using System.Text;
using CrisisConsole.GatewaySimulator.Configuration;
using CrisisConsole.GatewaySimulator.Recipients;

namespace CrisisConsole.GatewaySimulator.Meta;

/// <summary>A WhatsApp message as the simulated Cloud API holds it, sent or received.</summary>
internal sealed class MetaMessage
{
    public Lock Gate { get; } = new();

    public required string Id { get; init; }

    public required string PhoneNumberId { get; init; }

    /// <summary>The person's number in E.164 (the counterpart, for outbound and inbound alike).</summary>
    public required string Recipient { get; init; }

    /// <summary>"outbound" or "inbound".</summary>
    public required string Direction { get; init; }

    public required string Type { get; init; }

    public string? Text { get; init; }

    public IReadOnlyList<QuickReplyButton> Buttons { get; init; } = [];

    public ButtonStyle ButtonStyle { get; init; }

    public string? TemplateCategory { get; init; }

    public string? BizOpaqueCallbackData { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required string Status { get; set; }

    public int? ErrorCode { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal static class MetaIds
{
    /// <summary>
    /// "wamid." + base64, shaped like Meta's (which encode the number and a random id); clients must
    /// treat it as opaque, and do.
    /// </summary>
    public static string NewWamid(string recipient)
    {
        var digits = Encoding.ASCII.GetBytes(recipient.TrimStart('+'));
        var bytes = new byte[4 + digits.Length + 18];
        bytes[0] = 0x1c;
        bytes[1] = 0x18;
        bytes[2] = (byte)digits.Length;
        digits.CopyTo(bytes, 3);
        RandomNumberGenerator.Fill(bytes.AsSpan(3 + digits.Length));
        return "wamid." + Convert.ToBase64String(bytes);
    }
}
