namespace CrisisConsole.Web.Features.Accounts;

/// <summary>Role lists as the users page takes them in and shows them: checked, in a fixed order.</summary>
internal static class RoleSelection
{
    public static (List<string> Roles, string? Error) Check(IReadOnlyCollection<string>? roles)
    {
        var requested = (roles ?? []).Select(r => r?.Trim() ?? "").Where(r => r.Length > 0).ToList();
        var unknown = requested.Where(r => !Roles.All.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            return ([], $"Unknown role: {string.Join(", ", unknown)}. The roles are {string.Join(", ", Roles.All)}.");
        }

        var known = Roles.All.Where(r => requested.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();
        return known.Count == 0
            ? ([], "Pick at least one role. To take all access away, disable the account instead.")
            : (known, null);
    }

    public static List<string> Order(IEnumerable<string> roles) =>
        [.. roles.OrderBy(Rank).ThenBy(r => r, StringComparer.Ordinal)];

    /// <summary>Roles listed in their order of authority (Admin first), not alphabetically.</summary>
    private static int Rank(string role)
    {
        for (var i = 0; i < Roles.All.Count; i++)
        {
            if (Roles.All[i] == role)
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    public static string Join(IEnumerable<string> roles) =>
        roles.Any() ? string.Join(", ", roles) : "(none)";
}
