namespace CrisisConsole.Web.Features.Accounts;

/// <summary>The four roles. Policies and [Authorize] attributes use these names, never string literals.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Supervisor = "Supervisor";
    public const string Operator = "Operator";
    public const string Responder = "Responder";

    public static readonly IReadOnlyList<string> All = [Admin, Supervisor, Operator, Responder];

    /// <summary>One line per role, shown beside the role checkboxes on the users page.</summary>
    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        [Admin] = "manages users, templates, gateways and API keys",
        [Supervisor] = "approves broadcasts before they leave",
        [Operator] = "composes alerts and follows delivery",
        [Responder] = "works the inbound replies",
    };

    /// <summary>Comma-joined lists for [Authorize(Roles = ...)].</summary>
    public const string AdminOrSupervisor = Admin + "," + Supervisor;
    public const string Composers = Admin + "," + Operator + "," + Supervisor;
    public const string Triage = Admin + "," + Responder + "," + Supervisor;
}
