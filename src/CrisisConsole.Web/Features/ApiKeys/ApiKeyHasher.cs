using System.Security.Cryptography;
using System.Text;

namespace CrisisConsole.Web.Features.ApiKeys;

public static class ApiKeyHasher
{
    public const string KeyPrefix = "cck_";

    /// <summary>A new key: "cck_" and 43 URL-safe characters (256 random bits).</summary>
    public static string NewKey() =>
        KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string DisplayPrefix(string key) => key.Length <= 10 ? key : key[..10];
}
