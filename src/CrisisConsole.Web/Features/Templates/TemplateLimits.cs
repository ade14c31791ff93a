namespace CrisisConsole.Web.Features.Templates;

/// <summary>The providers' limits that a template must fit (see shared/gateways.md).</summary>
public static class TemplateLimits
{
    /// <summary>WhatsApp text message body.</summary>
    public const int WhatsAppTextMaxLength = 4096;

    /// <summary>Body of an approved WhatsApp template; longer ones are refused (Twilio 63021).</summary>
    public const int WhatsAppTemplateBodyMaxLength = 1024;

    /// <summary>Twilio's SMS Body limit, in characters.</summary>
    public const int SmsBodyMaxLength = 1600;

    /// <summary>More SMS segments than this cost more and arrive slower; the editor warns.</summary>
    public const int SmsSegmentsWarningThreshold = 6;

    /// <summary>WhatsApp reply buttons.</summary>
    public const int MaxQuickReplies = 3;
    public const int QuickReplyTitleMaxLength = 20;
    public const int QuickReplyPayloadMaxLength = 32;

    public const int MaxVariables = 20;
    public const int VariableNameMaxLength = 32;
}
