using System.Security.Cryptography;

namespace CrisisConsole.Gateways.Configuration;

/// <summary>
/// In Simulator mode no one should have to invent secrets: any that are not configured are generated
/// once per process and shared by the clients, the webhook validators and the in-app simulator.
/// Nothing generated here is written anywhere.
/// </summary>
public static class SimulatorCredentials
{
    public const string SimulatorPathPrefix = "/simulator";

    public static void FillMissing(GatewayOptions options)
    {
        if (options.Mode != GatewayMode.Simulator)
        {
            return;
        }

        var twilio = options.Twilio;
        twilio.AccountSid = Missing(twilio.AccountSid) ? "AC" + RandomHex(16) : twilio.AccountSid;
        twilio.AuthToken = Missing(twilio.AuthToken) ? RandomHex(16) : twilio.AuthToken;
        twilio.SmsFrom = Missing(twilio.SmsFrom) ? "+15005550006" : twilio.SmsFrom;
        twilio.WhatsAppFrom = Missing(twilio.WhatsAppFrom) ? "+14155238886" : twilio.WhatsAppFrom;

        var meta = options.WhatsAppCloud;
        meta.PhoneNumberId = Missing(meta.PhoneNumberId) ? "106540352242922" : meta.PhoneNumberId;
        meta.AccessToken = Missing(meta.AccessToken) ? "EAAG" + RandomHex(24) : meta.AccessToken;
        meta.AppSecret = Missing(meta.AppSecret) ? RandomHex(16) : meta.AppSecret;
        meta.VerifyToken = Missing(meta.VerifyToken) ? RandomHex(12) : meta.VerifyToken;
    }

    // An empty string (a blank environment variable, a copied example file) counts as not configured.
    private static bool Missing(string? value) => string.IsNullOrWhiteSpace(value);

    private static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
