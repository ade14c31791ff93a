using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CrisisConsole.GatewaySimulator;

namespace CrisisConsole.Tests.Simulator;

public sealed class SimulatorSettingsTests
{
    [Fact]
    public async Task A_patch_with_a_bad_value_is_refused_naming_the_key_and_changes_nothing()
    {
        await using var sim = await SimulatorHost.StartAsync();

        using var response = await sim.AdminPatchSettingsAsync(new { recipients = new { notOnWhatsAppPercent = 150 } });
        var settings = await sim.AdminGetAsync("settings");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("GatewaySimulator:Recipients:NotOnWhatsAppPercent", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, settings.GetProperty("recipients").GetProperty("notOnWhatsAppPercent").GetInt32());
    }

    [Fact]
    public async Task A_patch_changes_only_the_keys_it_names()
    {
        await using var sim = await SimulatorHost.StartAsync();

        using var response = await sim.AdminPatchSettingsAsync(new { meta = new { skipDelivered = true } });

        var settings = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(settings.GetProperty("meta").GetProperty("skipDelivered").GetBoolean());
        Assert.Equal(10, settings.GetProperty("meta").GetProperty("sentToDeliveredMs").GetInt32());
    }

    [Fact]
    public void The_standalone_simulator_refuses_to_start_without_credentials_and_names_them()
    {
        var error = Assert.Throws<SimulatorConfigurationException>(() => SimulatorProgram.Build(["--urls=http://127.0.0.1:0"]));

        Assert.Contains("Gateways:Twilio:AuthToken", error.Message);
        Assert.Contains("Gateways:WhatsAppCloud:AppSecret", error.Message);
    }
}
