using System.Text;
using CrisisConsole.Gateways.Signatures;
using CrisisConsole.GatewaySimulator.Faults;

namespace CrisisConsole.GatewaySimulator.Callbacks;

internal enum CallbackKind
{
    TwilioStatus,
    TwilioInbound,
    MetaStatus,
    MetaInbound,
}

/// <summary>
/// One signed HTTP POST to the app. The body and signature are fixed when it is built, so a retry or
/// a duplicate sends exactly the same bytes.
/// </summary>
internal sealed class CallbackRequest
{
    private CallbackRequest(CallbackKind kind, string url, byte[] body, string contentType, string signatureHeader, string signature)
    {
        Kind = kind;
        Url = url;
        Body = body;
        ContentType = contentType;
        SignatureHeader = signatureHeader;
        Signature = signature;
    }

    public CallbackKind Kind { get; }

    public string Url { get; }

    public byte[] Body { get; }

    public string ContentType { get; }

    public string SignatureHeader { get; }

    public string Signature { get; }

    /// <summary>The message the callback is about: chaos (reordering) works per message.</summary>
    public required string MessageKey { get; init; }

    public string? Recipient { get; init; }

    /// <summary>What the callback says, for the traffic list (e.g. "delivered" or "text").</summary>
    public required string Summary { get; init; }

    public string? IdempotencyToken { get; private set; }

    public int Attempt { get; private set; } = 1;

    /// <summary>A callback held back by the reorder fault, sent right after this one.</summary>
    public CallbackRequest? Then { get; set; }

    public bool IsInbound => Kind is CallbackKind.TwilioInbound or CallbackKind.MetaInbound;

    public FaultTarget Target => Kind is CallbackKind.TwilioStatus or CallbackKind.TwilioInbound ? FaultTarget.Twilio : FaultTarget.Meta;

    public string Channel => Target == FaultTarget.Twilio ? "twilio" : "meta";

    /// <summary>
    /// A form POST signed as Twilio does: over the exact URL (query included, #fragment dropped, since
    /// it is never sent) followed by every key and value.
    /// </summary>
    public static CallbackRequest TwilioForm(CallbackKind kind, string url, IReadOnlyList<KeyValuePair<string, string>> fields, string authToken,
        string messageKey, string? recipient, string summary)
    {
        var hash = url.IndexOf('#');
        var target = hash >= 0 ? url[..hash] : url;
        var body = Encoding.UTF8.GetBytes(FormEncode(fields));
        var signature = TwilioSignature.Compute(authToken, target, fields);
        return new CallbackRequest(kind, target, body, "application/x-www-form-urlencoded", "X-Twilio-Signature", signature)
        {
            MessageKey = messageKey,
            Recipient = recipient,
            Summary = summary,
            IdempotencyToken = NewIdempotencyToken(),
        };
    }

    /// <summary>A JSON POST signed as Meta does: X-Hub-Signature-256 over the exact bytes sent.</summary>
    public static CallbackRequest MetaJson(CallbackKind kind, string url, byte[] body, string appSecret,
        string messageKey, string? recipient, string summary) =>
        new(kind, url, body, "application/json", "X-Hub-Signature-256", MetaSignature.Compute(appSecret, body))
        {
            MessageKey = messageKey,
            Recipient = recipient,
            Summary = summary,
        };

    public CallbackRequest NextAttempt(bool sameIdempotencyToken)
    {
        var next = Copy();
        next.Attempt = Attempt + 1;
        next.Then = Then;
        if (!sameIdempotencyToken && IdempotencyToken is not null)
        {
            next.IdempotencyToken = NewIdempotencyToken();
        }

        return next;
    }

    /// <summary>A second delivery of the same callback (duplicate fault): same bytes, same token.</summary>
    public CallbackRequest Duplicate() => Copy();

    private CallbackRequest Copy() =>
        new(Kind, Url, Body, ContentType, SignatureHeader, Signature)
        {
            MessageKey = MessageKey,
            Recipient = Recipient,
            Summary = Summary,
            IdempotencyToken = IdempotencyToken,
        };

    private static string FormEncode(IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in fields)
        {
            if (text.Length > 0)
            {
                text.Append('&');
            }

            text.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return text.ToString();
    }

    private static string NewIdempotencyToken() => Guid.NewGuid().ToString("N");
}
