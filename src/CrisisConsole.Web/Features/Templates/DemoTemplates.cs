namespace CrisisConsole.Web.Features.Templates;

/// <summary>
/// The templates a new installation starts with, in English, French and Arabic. The Twilio Content
/// SIDs are placeholders of the right shape (HX000…0101): replace them with the SIDs of your approved
/// Content Templates. The Meta names are the ones to register with Meta, numbering the parameters as
/// <see cref="TemplateRenderer.PositionalVariableNames"/> describes.
/// </summary>
public static class DemoTemplates
{
    public const string SafetyCheck = "safety-check";
    public const string IncidentUpdate = "incident-update";
    public const string AllClear = "all-clear";
    public const string DrillNotice = "drill-notice";

    /// <summary>Reply ids that inbound classification recognises whatever the language.</summary>
    public const string SafePayload = "SAFE";
    public const string HelpPayload = "HELP";
    public const string ReceivedPayload = "RECEIVED";

    /// <summary>Values that read naturally in the editor preview of these templates.</summary>
    public static readonly IReadOnlyDictionary<string, string> SampleValues = new Dictionary<string, string>
    {
        ["org"] = "Acme Relief",
        ["event"] = "Flooding",
        ["update"] = "Roads north of the river are closed.",
        ["when"] = "on 14 May at 10:00",
    };

    public static IReadOnlyList<TemplateDraft> All() => [SafetyCheckDraft(), IncidentUpdateDraft(), AllClearDraft(), DrillNoticeDraft()];

    public static TemplateDraft SafetyCheckDraft() => new()
    {
        Name = SafetyCheck,
        Category = TemplateCategory.CheckIn,
        Description = "Asks everyone in the affected area whether they are safe. Answers update their check-in.",
        DefaultLanguage = "en",
        Variables = ["org", "event"],
        Variants =
        [
            Variant("en", "safety_check", "0101",
                "{{org}}: {{event}} in your area. Are you safe? Reply 1 if you are safe, 2 if you need help.",
                (SafePayload, "I am safe"), (HelpPayload, "I need help")),
            Variant("fr", "safety_check", "0102",
                "{{org}} : {{event}} dans votre secteur. Êtes-vous en sécurité ? Répondez 1 si vous êtes en sécurité, 2 si vous avez besoin d'aide.",
                (SafePayload, "Je suis en sécurité"), (HelpPayload, "J'ai besoin d'aide")),
            Variant("ar", "safety_check", "0103",
                "{{org}}: {{event}} في منطقتك. هل أنت بخير؟ أرسل 1 إذا كنت بخير، أو 2 إذا كنت بحاجة إلى مساعدة.",
                (SafePayload, "أنا بخير"), (HelpPayload, "أحتاج مساعدة")),
        ],
    };

    public static TemplateDraft IncidentUpdateDraft() => new()
    {
        Name = IncidentUpdate,
        Category = TemplateCategory.Update,
        Description = "A follow-up on an open incident: what changed and what to do now.",
        DefaultLanguage = "en",
        Variables = ["org", "event", "update"],
        Variants =
        [
            Variant("en", "incident_update", "0201",
                "{{org}}: update on {{event}}. {{update}} We will send more information as soon as we have it."),
            Variant("fr", "incident_update", "0202",
                "{{org}} : point de situation sur {{event}}. {{update}} Nous vous enverrons d'autres informations dès que possible."),
            Variant("ar", "incident_update", "0203",
                "{{org}}: مستجدات بشأن {{event}}. {{update}} سنرسل إليكم مزيدًا من المعلومات فور توفرها."),
        ],
    };

    public static TemplateDraft AllClearDraft() => new()
    {
        Name = AllClear,
        Category = TemplateCategory.Resolution,
        Description = "Ends an incident: the danger has passed and normal activity can resume.",
        DefaultLanguage = "en",
        Variables = ["org", "event"],
        Variants =
        [
            Variant("en", "all_clear", "0301",
                "{{org}}: all clear for {{event}}. The danger has passed and you can resume normal activities. Thank you for your cooperation."),
            Variant("fr", "all_clear", "0302",
                "{{org}} : fin d'alerte pour {{event}}. Le danger est écarté, vous pouvez reprendre vos activités normales. Merci de votre coopération."),
            Variant("ar", "all_clear", "0303",
                "{{org}}: انتهاء حالة الإنذار بشأن {{event}}. زال الخطر ويمكنكم استئناف أنشطتكم المعتادة. شكرًا لتعاونكم."),
        ],
    };

    public static TemplateDraft DrillNoticeDraft() => new()
    {
        Name = DrillNotice,
        Category = TemplateCategory.Drill,
        Description = "Announces an exercise ahead of time, so that drill messages are not mistaken for a real emergency.",
        DefaultLanguage = "en",
        Variables = ["org", "when"],
        Variants =
        [
            Variant("en", "drill_notice", "0401",
                "{{org}}: an emergency drill will take place {{when}}. During the drill you will receive test messages marked [DRILL]. Please answer them as you would in a real emergency.",
                (ReceivedPayload, "Received")),
            Variant("fr", "drill_notice", "0402",
                "{{org}} : un exercice d'urgence aura lieu {{when}}. Pendant l'exercice, vous recevrez des messages de test marqués [EXERCICE]. Merci d'y répondre comme lors d'une véritable urgence.",
                (ReceivedPayload, "Bien reçu")),
            Variant("ar", "drill_notice", "0403",
                "{{org}}: سيُجرى تمرين طوارئ {{when}}. خلال التمرين ستصلكم رسائل اختبارية تحمل عبارة [تمرين]. يُرجى الرد عليها كما لو كانت حالة طوارئ حقيقية.",
                (ReceivedPayload, "تم الاستلام")),
        ],
    };

    private static VariantDraft Variant(string language, string metaName, string sidSuffix, string text, params (string Payload, string Title)[] replies) => new()
    {
        Language = language,
        Text = text,
        QuickReplies = [.. replies.Select(r => new QuickReply { Payload = r.Payload, Title = r.Title })],
        TwilioContentSid = "HX" + sidSuffix.PadLeft(32, '0'),
        MetaTemplateName = metaName,
        MetaTemplateLanguage = language,
    };
}
