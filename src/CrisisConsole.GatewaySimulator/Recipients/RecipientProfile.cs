using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using CrisisConsole.GatewaySimulator.Configuration;

namespace CrisisConsole.GatewaySimulator.Recipients;

/// <summary>
/// Who sits behind a number. Derived from a SHA-256 of the number, so the same number behaves the same
/// way in every run and on every machine (string.GetHashCode is randomised per process).
/// </summary>
public sealed record RecipientProfile(
    string Phone,
    string Language,
    bool OnWhatsApp,
    bool SmsReachable,
    bool SendsReadReceipts,
    string Name,
    double Latitude,
    double Longitude)
{
    private static readonly string[] Names =
    [
        "Amina Haddad", "Lucas Martin", "Fatima Zahra", "John Okafor", "Claire Dubois", "Omar Khalil", "Sara Mensah",
        "Youssef Benali", "Emma Wilson", "Karim Nasser", "Léa Moreau", "Mariam Saleh", "David Chen", "Nadia Rahman",
        "Pierre Laurent", "Huda Al-Amin", "Grace Njoroge", "Hassan Idrissi", "Chloé Bernard", "Tariq Aziz",
    ];

    // Around Beirut: a plausible spread of coordinates for the map, a few kilometres wide.
    private const double BaseLatitude = 33.8938;
    private const double BaseLongitude = 35.5018;

    public static RecipientProfile For(string phone, RecipientBehaviour behaviour)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(phone));
        var onWhatsApp = Fraction(hash, 0) * 100 >= behaviour.NotOnWhatsAppPercent;
        var smsReachable = Fraction(hash, 4) * 100 >= behaviour.SmsUnreachablePercent;
        var readReceipts = Fraction(hash, 8) * 100 < behaviour.ReadReceiptsPercent;
        var languages = behaviour.Languages;
        var pick = Fraction(hash, 12) * languages.Total;
        var language = pick < languages.En ? "en" : pick < languages.En + languages.Fr ? "fr" : "ar";
        var name = Names[(int)(Fraction(hash, 16) * Names.Length)];
        var latitude = Math.Round(BaseLatitude + (Fraction(hash, 20) - 0.5) * 0.2, 6);
        var longitude = Math.Round(BaseLongitude + (Fraction(hash, 24) - 0.5) * 0.2, 6);
        return new RecipientProfile(phone, language, onWhatsApp, smsReachable, readReceipts, name, latitude, longitude);
    }

    /// <summary>A number in [0, 1) from four bytes of a hash.</summary>
    internal static double Fraction(ReadOnlySpan<byte> hash, int offset) =>
        BinaryPrimitives.ReadUInt32BigEndian(hash.Slice(offset, 4)) / (uint.MaxValue + 1.0);
}
