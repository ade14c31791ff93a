using CrisisConsole.GatewaySimulator.Configuration;

namespace CrisisConsole.GatewaySimulator.Meta;

/// <summary>
/// The approved templates the simulated WhatsApp Business Account knows. Configurable through
/// GatewaySimulator:Meta:Templates; these built-ins serve when nothing is configured.
/// </summary>
internal static class MetaTemplateRegistry
{
    private static readonly List<string> AllLanguages = ["en", "en_US", "en_GB", "fr", "ar"];

    public static readonly IReadOnlyList<MetaTemplate> BuiltIn =
    [
        new() { Name = "crisis_alert", Languages = AllLanguages, Category = "UTILITY", BodyParameters = 1 },
        new() { Name = "crisis_check_in", Languages = AllLanguages, Category = "UTILITY", BodyParameters = 1, QuickReplies = ["I am safe", "I need help"] },
        new() { Name = "crisis_update", Languages = AllLanguages, Category = "UTILITY", BodyParameters = 1 },
        new() { Name = "crisis_resolution", Languages = AllLanguages, Category = "UTILITY", BodyParameters = 1 },
        // The templates the console seeds as demo data (Features/Templates/DemoTemplates.cs), so a demo
        // works end to end outside the 24-hour window. Parameter counts follow their declared variables.
        new() { Name = "safety_check", Languages = AllLanguages, Category = "UTILITY", BodyParameters = 2, QuickReplies = ["I am safe", "I need help"] },
        new() { Name = "incident_update", Languages = AllLanguages, Category = "UTILITY", BodyParameters = 3 },
        new() { Name = "all_clear", Languages = AllLanguages, Category = "UTILITY", BodyParameters = 2 },
        new() { Name = "drill_notice", Languages = AllLanguages, Category = "UTILITY", BodyParameters = 2, QuickReplies = ["Received"] },
        new() { Name = "hello_world", Languages = ["en_US"], Category = "UTILITY", BodyParameters = 0 },
    ];

    public static IReadOnlyList<MetaTemplate> Templates(MetaBehaviour behaviour) => behaviour.Templates ?? (IReadOnlyList<MetaTemplate>)BuiltIn;

    /// <summary>The template in that language, or null (Meta's 132001 does not distinguish a missing name from a missing translation).</summary>
    public static MetaTemplate? Find(MetaBehaviour behaviour, string name, string language) =>
        Templates(behaviour).FirstOrDefault(t =>
            string.Equals(t.Name, name, StringComparison.Ordinal) &&
            t.Languages.Any(l => string.Equals(l, language, StringComparison.OrdinalIgnoreCase)));
}
