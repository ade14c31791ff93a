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
        twilio.AccountSid ??= "AC" + RandomHex(16);
        twilio.AuthToken ??= RandomHex(16);
        twilio.SmsFrom ??= "+15005550006";
        twilio.WhatsAppFrom ??= "+14155238886";

        var meta = options.WhatsAppCloud;
        meta.PhoneNumberId ??= "106540352242922";
        meta.AccessToken ??= "EAAG" + RandomHex(24);
        meta.AppSecret ??= RandomHex(16);
        meta.VerifyToken ??= RandomHex(12);
    }

    private static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
