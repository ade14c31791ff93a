using System.Text.Json.Nodes;

namespace CrisisConsole.GatewaySimulator.Configuration;

/// <summary>RFC 7386: objects merge key by key, null removes a key, anything else replaces the value.</summary>
internal static class JsonMergePatch
{
    public static void Apply(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToList())
        {
            var existingKey = target.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) ?? key;
            if (value is null)
            {
                target.Remove(existingKey);
            }
            else if (value is JsonObject patchChild && target[existingKey] is JsonObject targetChild)
            {
                Apply(targetChild, patchChild);
            }
            else
            {
                target[existingKey] = value.DeepClone();
            }
        }
    }
}
