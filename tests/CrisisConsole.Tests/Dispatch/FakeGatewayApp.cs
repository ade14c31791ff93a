using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CrisisConsole.Tests.Dispatch;

/// <summary>The real app with fake gateways and a clock tests can move forward; shared by the tests of one class.</summary>
public class FakeGatewayApp : IAsyncLifetime
{
    public FakeGateways Gateways { get; } = new();

    public OffsetClock Clock { get; } = new();

    public DispatchApp App { get; private set; } = null!;

    public DispatchData Data => new(App);

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async Task InitializeAsync() => App = await DispatchApp.StartAsync(Settings, services =>
    {
        Gateways.Install(services);
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(Clock);
    });

    public async Task DisposeAsync() => await App.DisposeAsync();
}
