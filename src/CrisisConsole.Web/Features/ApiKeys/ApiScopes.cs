namespace CrisisConsole.Web.Features.ApiKeys;

public static class ApiScopes
{
    public const string Trigger = "trigger";
    public const string Approve = "approve";
    public const string Read = "read";
    public const string Import = "import";

    public static readonly IReadOnlyList<string> All = [Trigger, Approve, Read, Import];

    public const string ClaimType = "scope";
    public const string KeyIdClaimType = "api_key_id";

    /// <summary>The authorization policy name for a scope, e.g. "api:read".</summary>
    public static string Policy(string scope) => "api:" + scope;
}
