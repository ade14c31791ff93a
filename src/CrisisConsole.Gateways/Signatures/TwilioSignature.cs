using System.Security.Cryptography;
using System.Text;

namespace CrisisConsole.Gateways.Signatures;

/// <summary>
/// X-Twilio-Signature: Base64(HMAC-SHA1(AuthToken, url + every POST key and value, keys sorted
/// ordinally)). Used by the webhook validator and by the simulator when it signs callbacks.
/// </summary>
public static class TwilioSignature
{
    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var data = new StringBuilder(url);
        foreach (var (key, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            data.Append(key).Append(value);
        }

        using var hmac = new HMACSHA1(Encoding.UTF8.GetBytes(authToken));
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(data.ToString())));
    }

    /// <summary>
    /// Checks a signature against the configured public URL, accepting it with or without the
    /// scheme's default port, as Twilio's own SDKs do (Twilio is inconsistent about ports).
    /// </summary>
    public static bool IsValid(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(authToken))
        {
            return false;
        }

        var list = parameters as IReadOnlyCollection<KeyValuePair<string, string>> ?? parameters.ToList();
        var given = Encoding.ASCII.GetBytes(signature);
        foreach (var candidate in UrlVariants(url))
        {
            var expected = Encoding.ASCII.GetBytes(Compute(authToken, candidate, list));
            if (CryptographicOperations.FixedTimeEquals(expected, given))
            {
                return true;
            }
        }

        return false;
    }

    internal static IEnumerable<string> UrlVariants(string url)
    {
        // Drop a connection-override fragment (#rc=3...): it is never sent and never signed.
        var hash = url.IndexOf('#');
        if (hash >= 0)
        {
            url = url[..hash];
        }

        yield return url;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            yield break;
        }

        var defaultPort = uri.Scheme == Uri.UriSchemeHttps ? 443 : uri.Scheme == Uri.UriSchemeHttp ? 80 : -1;
        if (defaultPort < 0)
        {
            yield break;
        }

        var authorityStart = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var pathStart = url.IndexOfAny(['/', '?'], authorityStart);
        var authority = pathStart < 0 ? url[authorityStart..] : url[authorityStart..pathStart];
        var rest = pathStart < 0 ? "" : url[pathStart..];
        var prefix = url[..authorityStart];
        var withPort = $":{defaultPort}";
        if (authority.EndsWith(withPort, StringComparison.Ordinal))
        {
            yield return prefix + authority[..^withPort.Length] + rest;
        }
        else if (!HasExplicitPort(authority))
        {
            yield return prefix + authority + withPort + rest;
        }
    }

    private static bool HasExplicitPort(string authority)
    {
        var colon = authority.LastIndexOf(':');
        var bracket = authority.LastIndexOf(']');
        return colon > bracket;
    }
}
