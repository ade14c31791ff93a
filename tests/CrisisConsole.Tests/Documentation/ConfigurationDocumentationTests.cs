using System.Text.Json;

namespace CrisisConsole.Tests.Documentation;

/// <summary>The README's configuration table must name every key of appsettings.Example.json, and the example must carry no secret.</summary>
public sealed class ConfigurationDocumentationTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void Every_key_of_the_example_settings_is_in_the_README_table()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var missing = Keys().Where(key => !readme.Contains($"`{key}`", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "Document these keys in the README's configuration table: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_example_settings_hold_no_secret_values()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "appsettings.Example.json")));
        var secrets = new[] { "AuthToken", "AccessToken", "AppSecret", "VerifyToken", "Password", "Key" };
        var filled = Flatten(document.RootElement, "")
            .Where(pair => secrets.Any(s => pair.Key.EndsWith(":" + s, StringComparison.Ordinal)) && pair.Value.Length > 0)
            .Select(pair => pair.Key).ToList();
        Assert.True(filled.Count == 0, "Secrets must stay empty in appsettings.Example.json: " + string.Join(", ", filled));
    }

    private static IEnumerable<string> Keys()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "appsettings.Example.json")));
        return Flatten(document.RootElement, "").Select(pair => pair.Key).ToList();
    }

    private static IEnumerable<KeyValuePair<string, string>> Flatten(JsonElement element, string prefix)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    foreach (var pair in Flatten(property.Value, prefix.Length == 0 ? property.Name : $"{prefix}:{property.Name}"))
                    {
                        yield return pair;
                    }
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var pair in Flatten(item, $"{prefix}:{{i}}"))
                    {
                        if (index == 0)
                        {
                            yield return pair;
                        }
                    }

                    index++;
                }

                break;
            default:
                yield return new(prefix, element.ValueKind == JsonValueKind.String ? element.GetString() ?? "" : element.ToString());
                break;
        }
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CrisisConsole.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
