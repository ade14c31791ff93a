using CrisisConsole.Web.Features.ApiKeys;
using CrisisConsole.Web.Features.Broadcasts;
using CrisisConsole.Web.Features.CheckIns;
using CrisisConsole.Web.Features.CheckIns.Unaccounted;
using CrisisConsole.Web.Features.Dashboard;
using CrisisConsole.Web.Features.Dispatch;
using CrisisConsole.Web.Features.Live;
using CrisisConsole.Web.Features.Simulator;
using CrisisConsole.Web.Features.Templates;
using CrisisConsole.Web.Features.Contacts;
using CrisisConsole.Web.Features.Segments;
using CrisisConsole.Web.Features.Deliveries;
using CrisisConsole.Web.Features.Gateways;
using CrisisConsole.Web.Features.Incidents;
using CrisisConsole.Web.Features.Inbox;
using CrisisConsole.Web.Features.Inbox.Triage;
using CrisisConsole.Web.Features.Webhooks;
using CrisisConsole.Web.Features.Incidents.Reports;
using CrisisConsole.Web.Features.Metrics;

namespace CrisisConsole.Web.Hosting;

/// <summary>
/// The table of contents of the features. Each feature has one Add*/Map* pair in its own folder;
/// register it here so Program.cs stays short.
/// </summary>
public static class FeatureRegistration
{
    public static void AddFeatures(this IHostApplicationBuilder builder)
    {
        builder.AddLive();
        builder.AddDispatchOptions();
        builder.AddGatewaySimulatorWhenSimulated();
        builder.AddTemplates();
        builder.AddContacts();
        builder.AddSegments();
        builder.AddGateways();
        builder.AddDeliveries();
        builder.AddDispatch();
        builder.AddWebhooks();
        builder.AddBroadcasts();
        builder.AddCheckIns();
        builder.AddInbox();
        builder.AddBroadcastDashboard();
        builder.AddIncidents();
        builder.AddIncidentReports();
        builder.AddMetrics();
        builder.AddInboxTriage();
        builder.AddUnaccountedFor();
    }

    public static void MapFeatureEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").RequireApiKey().DisableAntiforgery();
        endpoints.MapGatewaySimulatorWhenSimulated();
        endpoints.MapContactsEndpoints(api);
        endpoints.MapBroadcastsEndpoints(api);
        endpoints.MapWebhookEndpoints();
        endpoints.MapBroadcastReadEndpoints(api);
        endpoints.MapIncidentsEndpoints(api);
        endpoints.MapIncidentReportEndpoints(api);
        endpoints.MapInboxEndpoints(api);
    }
}
