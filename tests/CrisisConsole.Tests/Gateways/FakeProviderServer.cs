using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrisisConsole.Tests.Gateways;

/// <summary>
/// A real HTTP server on 127.0.0.1 and a free port that answers each request with the next scripted
/// reply, as Twilio or Meta would on the wire, and records what it received.
/// </summary>
internal sealed class FakeProviderServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> replies = new();
    private readonly ConcurrentQueue<RecordedRequest> requests = new();

    private FakeProviderServer(WebApplication app) => this.app = app;

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<RecordedRequest> Requests => requests.ToArray();

    public static async Task<FakeProviderServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeProviderServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return server;
    }

    public void Reply(int status, string body, string? retryAfter = null) => replies.Enqueue(async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        await context.Response.WriteAsync(body);
    });

    /// <summary>Reads the whole request, then closes the connection without a word: the sender cannot know what happened.</summary>
    public void DropConnectionAfterReading() => replies.Enqueue(context =>
    {
        context.Abort();
        return Task.CompletedTask;
    });

    /// <summary>Never answers; the client's time-out ends it.</summary>
    public void Hang() => replies.Enqueue(context => Task.Delay(Timeout.Infinite, context.RequestAborted));

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "",
            context.Request.Headers.Authorization.ToString(), context.Request.Headers.Accept.ToString(), context.Request.ContentType, body));
        if (replies.TryDequeue(out var reply))
        {
            await reply(context);
        }
        else
        {
            context.Response.StatusCode = 599;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await app.StopAsync();
        }
        catch (OperationCanceledException)
        {
            // A hanging request was cut short; nothing else to stop.
        }

        await app.DisposeAsync();
    }
}

internal sealed record RecordedRequest(string Method, string Path, string Authorization, string Accept, string? ContentType, string Body)
{
    public Dictionary<string, string> Form() =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery("?" + Body).ToDictionary(p => p.Key, p => p.Value.ToString());
}
