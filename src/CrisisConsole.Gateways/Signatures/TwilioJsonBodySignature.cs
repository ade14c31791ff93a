using System.Security.Cryptography;
using System.Text;

namespace CrisisConsole.Gateways.Signatures;

/// <summary>
/// Twilio webhooks sent as JSON (gateways.md A.4): the URL carries bodySHA256 = lowercase hex SHA-256
/// of the raw body, and the signature covers the URL alone (no parameters appended). Both must match.
/// Classic SMS/WhatsApp webhooks are form-encoded and use <see cref="TwilioSignature"/>.
/// </summary>
public static class TwilioJsonBodySignature
{
    public const string HashParameter = "bodySHA256";

    public static bool IsValid(string authToken, string url, ReadOnlySpan<byte> body, string? signature)
    {
        if (!TwilioSignature.IsValid(authToken, url, [], signature))
        {
            return false;
        }

        var declared = DeclaredHash(url);
        if (declared is null)
        {
            return false;
        }

        var actual = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(body)));
        return CryptographicOperations.FixedTimeEquals(actual, Encoding.ASCII.GetBytes(declared));
    }

    private static string? DeclaredHash(string url)
    {
        var query = url.IndexOf('?');
        if (query < 0)
        {
            return null;
        }

        var end = url.IndexOf('#');
        var pairs = (end > query ? url[(query + 1)..end] : url[(query + 1)..]).Split('&');
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=');
            if (equals > 0 && pair[..equals] == HashParameter)
            {
                return Uri.UnescapeDataString(pair[(equals + 1)..]);
            }
        }

        return null;
    }
}
