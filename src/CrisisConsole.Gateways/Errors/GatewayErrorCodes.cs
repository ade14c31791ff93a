using CrisisConsole.Gateways.Messaging;

namespace CrisisConsole.Gateways.Errors;

/// <summary>Classifies an error code reported in a status webhook or send result, for either provider.</summary>
public static class GatewayErrorCodes
{
    public static ErrorClass Classify(GatewayProvider provider, string? code) =>
        GatewayProviders.IsTwilio(provider) ? TwilioErrorCodes.Classify(code) : MetaErrorCodes.Classify(code);
}
