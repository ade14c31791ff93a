namespace CrisisConsole.Web.Features.ApiKeys;

public static class ApiScopes
{
    public const string Trigger = "trigger";
    public const string Approve = "approve";
    public const string Read = "read";
    public const string Import = "import";

    public static readonly IReadOnlyList<string> All = [Trigger, Approve, Read, Import];

    /// <summary>One line per scope, shown beside the scope checkboxes on the API keys page.</summary>
    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        [Trigger] = "create alerts (draft broadcasts awaiting approval)",
        [Approve] = "approve or reject broadcasts created by other keys or users",
        [Read] = "read broadcasts, delivery counts and check-ins",
        [Import] = "import contacts from CSV",
    };

    public const string ClaimType = "scope";
    public const string KeyIdClaimType = "api_key_id";

    /// <summary>The authorization policy name for a scope, e.g. "api:read".</summary>
    public static string Policy(string scope) => "api:" + scope;
}
