namespace CrisisConsole.Web.Hosting;

/// <summary>One step of start-up (migrate, seed roles, seed demo data...). Lower Order runs first.</summary>
public interface IStartupInitializer
{
    int Order { get; }

    Task InitializeAsync(CancellationToken cancellationToken);
}

public static class StartupOrder
{
    public const int Database = 0;
    public const int Roles = 10;
    public const int FirstAdmin = 20;
    public const int ProvisionedApiKeys = 30;
    public const int DemoData = 100;
}
