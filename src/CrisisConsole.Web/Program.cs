using CrisisConsole.Web.Hosting;

var app = CrisisConsoleApp.Build(args);
await CrisisConsoleApp.InitializeAsync(app);
await app.RunAsync();

/// <summary>Entry point marker for WebApplicationFactory in the integration tests.</summary>
public partial class Program;
