using Microsoft.Extensions.Options;

namespace CrisisConsole.Web.Features.ApiKeys;

/// <summary>Keys given by configuration, for automated deployments: ApiKeys:Provisioned:{i}:Name, :Key, :Scopes.</summary>
public sealed class ProvisionedApiKeysOptions
{
    public const string Section = "ApiKeys";

    public List<ProvisionedApiKey> Provisioned { get; set; } = [];
}

public sealed class ProvisionedApiKey
{
    public string Name { get; set; } = "";

    /// <summary>The key itself; give it through the environment (ApiKeys__Provisioned__0__Key), never a committed file.</summary>
    public string Key { get; set; } = "";

    /// <summary>Comma-separated scopes: trigger, approve, read, import.</summary>
    public string Scopes { get; set; } = "";

    public IReadOnlyList<string> ScopeList =>
        Scopes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.ToLowerInvariant()).Distinct().ToList();
}

/// <summary>Names the exact setting at fault, so a bad deployment stops at start-up with a clear message.</summary>
internal sealed class ProvisionedApiKeysValidator : IValidateOptions<ProvisionedApiKeysOptions>
{
    public ValidateOptionsResult Validate(string? name, ProvisionedApiKeysOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.Provisioned.Count; i++)
        {
            var key = options.Provisioned[i];
            var at = $"ApiKeys:Provisioned:{i}";
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                errors.Add($"{at}:Name is required.");
            }

            if (key.Key.Length < 24)
            {
                errors.Add($"{at}:Key must be at least 24 characters.");
            }

            var unknown = key.ScopeList.Except(ApiScopes.All).ToList();
            if (key.ScopeList.Count == 0 || unknown.Count > 0)
            {
                errors.Add($"{at}:Scopes must list one or more of {string.Join(", ", ApiScopes.All)}" +
                           (unknown.Count > 0 ? $" (unknown: {string.Join(", ", unknown)})." : "."));
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
