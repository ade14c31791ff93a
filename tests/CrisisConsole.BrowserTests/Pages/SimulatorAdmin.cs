using System.Text.Json;
using Microsoft.Playwright;

namespace CrisisConsole.BrowserTests.Pages;

/// <summary>
/// The built-in simulator's admin API (/simulator/admin), which needs an Admin: called with the cookies
/// of a browser context signed in as one.
/// </summary>
public sealed class SimulatorAdmin(IAPIRequestContext request)
{
    private const string Root = "/simulator/admin/";

    public static async Task<SimulatorAdmin> SignInAsync(IPage adminPage, string email, string password)
    {
        var login = new LoginPage(adminPage);
        await login.SignInAsync(email, password);
        await login.WaitForConsoleAsync(email);
        return new SimulatorAdmin(adminPage.Context.APIRequest);
    }

    /// <summary>Whether simulated recipients answer check-ins by themselves.</summary>
    public Task SetRecipientsAnsweringAsync(bool enabled) =>
        SendAsync(HttpMethod.Patch, "settings", new { recipients = new { enabled } });

    /// <summary>Makes the person at <paramref name="phone"/> send a message on a simulator channel (Sms, TwilioWhatsApp or Meta).</summary>
    public Task SendAsPersonAsync(string phone, string channel, string text, string? replyTo) =>
        SendAsync(HttpMethod.Post, $"recipients/{Uri.EscapeDataString(phone)}/messages", new { channel, text, replyTo });

    /// <summary>Every message the simulator holds (sent to it or by it), as JSON rows with a "body".</summary>
    public async Task<IReadOnlyList<JsonElement>> MessagesAsync()
    {
        var response = await request.GetAsync(Root + "messages?limit=10000");
        Assert.True(response.Ok, await response.TextAsync());
        var json = await response.JsonAsync();
        return json!.Value.EnumerateArray().ToList();
    }

    private async Task SendAsync(HttpMethod method, string path, object body)
    {
        var response = await request.FetchAsync(Root + path, new()
        {
            Method = method.Method,
            DataObject = body,
        });
        Assert.True(response.Ok, $"{method} {path}: {response.Status} {await response.TextAsync()}");
    }
}
