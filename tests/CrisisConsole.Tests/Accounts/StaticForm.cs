using System.Net;
using System.Text.RegularExpressions;

namespace CrisisConsole.Tests.Accounts;

/// <summary>
/// Submits a static server-rendered form the way a browser does: GET the page for its antiforgery
/// token and form name, then POST the fields with them (the client keeps the antiforgery cookie).
/// </summary>
internal static partial class StaticForm
{
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string path, IReadOnlyDictionary<string, string> fields)
    {
        var page = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();

        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = HiddenValue(html, "__RequestVerificationToken"),
            ["_handler"] = HiddenValue(html, "_handler"),
        };
        return await client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        SubmitAsync(client, "/account/login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

    /// <summary>A client that keeps cookies and shows redirects instead of following them.</summary>
    public static HttpClient CreateBrowserLikeClient(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> factory) =>
        factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = true,
        });

    private static string HiddenValue(string html, string name)
    {
        foreach (Match input in HiddenInput().Matches(html))
        {
            if (input.Value.Contains($"name=\"{name}\"", StringComparison.Ordinal))
            {
                var value = ValueAttribute().Match(input.Value);
                Assert.True(value.Success, $"The hidden input {name} has no value.");
                return WebUtility.HtmlDecode(value.Groups[1].Value);
            }
        }

        Assert.Fail($"The page has no hidden input named {name}.");
        return "";
    }

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();
}
