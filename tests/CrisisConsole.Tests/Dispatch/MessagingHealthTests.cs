using CrisisConsole.Web.Features.Dispatch;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CrisisConsole.Tests.Dispatch;

public sealed class MessagingHealthTests(FakeGatewayApp fixture) : IClassFixture<FakeGatewayApp>
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Healthz_answers_healthy_while_the_messaging_service_runs()
    {
        using var client = fixture.App.Client();

        var response = await client.GetAsync("/healthz");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        Assert.True(fixture.App.Get<MessagingServiceStatus>().IsRunning);
    }

    [Fact]
    public async Task The_check_is_unhealthy_when_the_service_is_not_running_or_has_stalled()
    {
        var clock = new ManualClock(Start);
        var status = new MessagingServiceStatus(clock);
        var check = new MessagingHealthCheck(status, Options.Create(new DispatchOptions()), clock);

        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        status.MarkRunning();
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        status.Beat();
        status.MarkStopped();
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Fact]
    public async Task A_switched_off_service_is_reported_as_degraded_not_failed()
    {
        var clock = new ManualClock(Start);
        var check = new MessagingHealthCheck(new MessagingServiceStatus(clock), Options.Create(new DispatchOptions { Enabled = false }), clock);

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("Dispatch:Enabled", result.Description);
    }
}
