namespace CrisisConsole.GatewaySimulator.Recipients;

/// <summary>What people actually type back, per language: short, informal, sometimes off-topic.</summary>
internal static class AnswerPhrases
{
    private static readonly Dictionary<string, string[]> Safe = new()
    {
        ["en"] = ["I'm safe", "Safe, thanks", "All good here, we are safe", "SAFE", "ok we're fine"],
        ["fr"] = ["je suis en sécurité", "Tout va bien ici", "En sécurité, merci", "ok ça va"],
        ["ar"] = ["أنا بخير", "أنا في أمان", "نحن بخير، شكراً", "بخير"],
    };

    private static readonly Dictionary<string, string[]> Help = new()
    {
        ["en"] = ["I need help", "we need water", "HELP the road is flooded", "My mother is injured, please send someone"],
        ["fr"] = ["j'ai besoin d'aide", "nous avons besoin d'eau", "Aidez-nous, la maison est inondée"],
        ["ar"] = ["مساعدة", "نحتاج إلى الماء", "أحتاج مساعدة من فضلكم", "الطريق مغلق ونحتاج مساعدة"],
    };

    private static readonly Dictionary<string, string[]> Questions = new()
    {
        ["en"] = ["What should we do?", "Is the office open tomorrow?", "Where is the shelter?"],
        ["fr"] = ["Que devons-nous faire ?", "Où est le centre d'accueil ?"],
        ["ar"] = ["ماذا نفعل؟", "أين الملجأ؟"],
    };

    /// <summary>The short word an SMS check-in asks for ("Reply SAFE or HELP"), per language.</summary>
    public static string Keyword(string language, bool safe) => (language, safe) switch
    {
        ("ar", true) => "بخير",
        ("ar", false) => "مساعدة",
        (_, true) => "SAFE",
        (_, false) => "HELP",
    };

    public static string SafeText(string language, double seed) => Pick(Safe, language, seed);

    public static string HelpText(string language, double seed) => Pick(Help, language, seed);

    /// <summary>Free text: mostly safe or help in the person's words, sometimes a question.</summary>
    public static string FreeText(string language, double seed) => seed switch
    {
        < 0.5 => Pick(Safe, language, seed * 2),
        < 0.8 => Pick(Help, language, (seed - 0.5) / 0.3),
        _ => Pick(Questions, language, (seed - 0.8) / 0.2),
    };

    private static string Pick(Dictionary<string, string[]> table, string language, double seed)
    {
        var phrases = table.GetValueOrDefault(language) ?? table["en"];
        return phrases[Math.Clamp((int)(seed * phrases.Length), 0, phrases.Length - 1)];
    }
}
