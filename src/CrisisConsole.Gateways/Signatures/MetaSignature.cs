using System.Security.Cryptography;

namespace CrisisConsole.Gateways.Signatures;

/// <summary>
/// X-Hub-Signature-256: "sha256=" + lowercase hex HMAC-SHA256(AppSecret, the exact raw body bytes).
/// Re-serialised JSON does not match, so callers must pass the bytes as received.
/// </summary>
public static class MetaSignature
{
    public const string Prefix = "sha256=";

    public static string Compute(string appSecret, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(appSecret), body));

    public static bool IsValid(string appSecret, ReadOnlySpan<byte> body, string? header)
    {
        if (string.IsNullOrEmpty(appSecret) || header is null || header.Length != Prefix.Length + 64 ||
            !header.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var expected = System.Text.Encoding.ASCII.GetBytes(Compute(appSecret, body));
        var given = System.Text.Encoding.ASCII.GetBytes(header.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
