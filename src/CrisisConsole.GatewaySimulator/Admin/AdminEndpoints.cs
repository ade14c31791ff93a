using System.Text.Json;
using System.Text.Json.Nodes;
using CrisisConsole.Gateways.Configuration;
using CrisisConsole.Gateways.Phone;
using CrisisConsole.GatewaySimulator.Configuration;
using CrisisConsole.GatewaySimulator.Faults;
using CrisisConsole.GatewaySimulator.Meta;
using CrisisConsole.GatewaySimulator.Recipients;
using CrisisConsole.GatewaySimulator.Scheduling;
using CrisisConsole.GatewaySimulator.Storage;
using CrisisConsole.GatewaySimulator.Twilio;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace CrisisConsole.GatewaySimulator.Admin;

/// <summary>
/// The test tool's controls under {prefix}/admin: counters, reset, settings, faults, traffic, messages,
/// and what recipients do. Full numbers appear here on purpose; nothing here is logged.
/// </summary>
internal static class AdminEndpoints
{
    private static JsonSerializerOptions Json => SimulatorSettingsStore.Json;

    public static void MapAdmin(this IEndpointRouteBuilder admin)
    {
        admin.MapGet("/", AdminPage.Render);
        admin.MapGet("/status", Status);
        admin.MapGet("/counters", (SimulatorCounters counters) => Results.Json(counters.Snapshot(), Json));
        admin.MapPost("/reset", (HttpContext http, SimulatorState state) =>
        {
            state.Reset(keepSettings: string.Equals(http.Request.Query["keepSettings"], "true", StringComparison.OrdinalIgnoreCase));
            return Results.NoContent();
        });

        admin.MapGet("/settings", (SimulatorSettingsStore settings) => Results.Json(settings.Current, Json));
        admin.MapPatch("/settings", PatchSettingsAsync);

        admin.MapGet("/faults", (FaultInjector faults) => Results.Json(faults.List(), Json));
        admin.MapPost("/faults", AddFaultAsync);
        admin.MapDelete("/faults", (FaultInjector faults) =>
        {
            faults.Clear();
            return Results.NoContent();
        });
        admin.MapDelete("/faults/{id}", (string id, FaultInjector faults) => faults.Remove(id) ? Results.NoContent() : Problem(404, $"No fault rule {id}."));

        admin.MapGet("/traffic", (HttpContext http, TrafficLog traffic) => Results.Json(traffic.Recent(Limit(http, 100)), Json));
        admin.MapGet("/messages", Messages);
        admin.MapPost("/meta/verify-webhook", WebhookVerification.VerifyAsync);

        admin.MapPost("/inbound/bulk", StartBulkAsync);
        admin.MapGet("/inbound/bulk", (BulkAnswers bulk) => bulk.Status() is { } status ? Results.Json(status, Json) : Problem(404, "No burst has been started."));

        var recipients = admin.MapGroup("/recipients/{phone}");
        recipients.MapGet("", Recipient);
        recipients.MapPost("/window", OpenWindowAsync);
        recipients.MapDelete("/window", (string phone, ConversationWindows windows) =>
        {
            if (!E164.IsValid(phone))
            {
                return BadPhone(phone);
            }

            windows.Close(phone);
            return Results.NoContent();
        });
        recipients.MapPost("/messages", SendInboundAsync);
        recipients.MapPost("/stop", StopAsync);
    }

    private static IResult Status(SimulatorCounters counters, SimulationScheduler scheduler, MessageStore<TwilioMessage> twilio,
        MessageStore<MetaMessage> meta, FaultInjector faults, GatewayEndpoints endpoints, IOptions<GatewayOptions> gateways) =>
        Results.Json(new
        {
            counters = counters.Snapshot(),
            pendingSteps = scheduler.Pending,
            storedMessages = new { twilio = twilio.Count, meta = meta.Count },
            faults = faults.List(),
            publicBaseUrl = endpoints.PublicBaseUrl,
            twilio = new { gateways.Value.Twilio.AccountSid, gateways.Value.Twilio.SmsFrom, gateways.Value.Twilio.WhatsAppFrom, gateways.Value.Twilio.MessagingServiceSid },
            meta = new { gateways.Value.WhatsAppCloud.PhoneNumberId },
        }, Json);

    private static async Task<IResult> PatchSettingsAsync(HttpContext http, SimulatorSettingsStore settings)
    {
        JsonNode? patch;
        try
        {
            patch = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException ex)
        {
            return Problem(400, "The body is not valid JSON: " + ex.Message);
        }

        var errors = patch is null ? ["The body must be a JSON object."] : settings.Patch(patch);
        return errors.Count == 0 ? Results.Json(settings.Current, Json) : Problem(400, string.Join(" ", errors));
    }

    private static async Task<IResult> AddFaultAsync(HttpContext http, FaultInjector faults)
    {
        var (rule, error) = await ReadAsync<FaultRule>(http, optional: false);
        if (error is not null)
        {
            return error;
        }

        var problem = rule!.Probability is < 0 or > 1 ? "Probability must be between 0 and 1."
            : rule.Remaining is <= 0 ? "Remaining must be 1 or more (leave it out for a rule that never runs out)."
            : rule.Kind is FaultKind.RejectWithError or FaultKind.FailAfterAccept && rule.ErrorCode is null ? $"{rule.Kind} needs an ErrorCode."
            : rule.StatusCode is { } status && (status < 400 || status > 599) ? "StatusCode must be between 400 and 599."
            : rule.Recipient is not null && !E164.IsValid(rule.Recipient) ? "Recipient must be an E.164 number such as +447700900123."
            : null;
        if (problem is not null)
        {
            return Problem(400, problem);
        }

        var added = faults.Add(rule);
        return Results.Json(added, Json, statusCode: StatusCodes.Status201Created);
    }

    private static IResult Messages(HttpContext http, MessageStore<TwilioMessage> twilio, MessageStore<MetaMessage> meta)
    {
        var channel = http.Request.Query["channel"].ToString();
        var to = http.Request.Query["to"].ToString();
        var limit = Limit(http, 100);
        var rows = new List<object>();
        if (channel is "" or "twilio")
        {
            rows.AddRange(twilio.Snapshot().Where(m => to.Length == 0 || m.Person == to).Take(limit).Select(m => (object)new
            {
                channel = m.Channel.ToString(), id = m.Sid, person = m.Person, direction = m.Direction, status = m.Status,
                errorCode = m.ErrorCode, body = m.Body, contentSid = m.ContentSid, statusCallback = m.StatusCallback, createdAt = m.DateCreated, updatedAt = m.DateUpdated,
            }));
        }

        if (channel is "" or "meta")
        {
            rows.AddRange(meta.Snapshot().Where(m => to.Length == 0 || m.Recipient == to).Take(limit).Select(m => (object)new
            {
                channel = SimulatedChannel.Meta.ToString(), id = m.Id, person = m.Recipient, direction = m.Direction, status = m.Status,
                errorCode = m.ErrorCode, body = m.Text, type = m.Type, bizOpaqueCallbackData = m.BizOpaqueCallbackData, createdAt = m.CreatedAt, updatedAt = m.UpdatedAt,
            }));
        }

        return Results.Json(rows, Json);
    }

    private static IResult Recipient(string phone, SimulatorSettingsStore settings, ConversationWindows windows, TwilioOptOuts optOuts, IOptions<GatewayOptions> gateways)
    {
        if (!E164.IsValid(phone))
        {
            return BadPhone(phone);
        }

        var g = gateways.Value;
        var twilioSender = ConversationWindows.TwilioSender(g.Twilio.WhatsAppFrom ?? "");
        var metaSender = ConversationWindows.MetaSender(g.WhatsAppCloud.PhoneNumberId ?? "");
        return Results.Json(new
        {
            profile = RecipientProfile.For(phone, settings.Current.Recipients),
            windows = new
            {
                twilioWhatsApp = new { open = windows.IsOpen(twilioSender, phone), lastInboundAt = windows.LastInbound(twilioSender, phone) },
                meta = new { open = windows.IsOpen(metaSender, phone), lastInboundAt = windows.LastInbound(metaSender, phone) },
            },
            optedOutFrom = optOuts.BlockedSenders(phone),
        }, Json);
    }

    private static async Task<IResult> OpenWindowAsync(string phone, HttpContext http, ConversationWindows windows, IOptions<GatewayOptions> gateways, TimeProvider time)
    {
        if (!E164.IsValid(phone))
        {
            return BadPhone(phone);
        }

        var (request, error) = await ReadAsync<OpenWindowRequest>(http, optional: true);
        if (error is not null)
        {
            return error;
        }

        var at = request!.LastInboundAt ?? time.GetUtcNow();
        if (request.Channel is null or SimulatedChannel.TwilioWhatsApp)
        {
            windows.RecordInbound(ConversationWindows.TwilioSender(gateways.Value.Twilio.WhatsAppFrom ?? ""), phone, at);
        }

        if (request.Channel is null or SimulatedChannel.Meta)
        {
            windows.RecordInbound(ConversationWindows.MetaSender(gateways.Value.WhatsAppCloud.PhoneNumberId ?? ""), phone, at);
        }

        return Results.Json(new { phone, lastInboundAt = at, open = time.GetUtcNow() - at < ConversationWindows.Length }, Json);
    }

    private static async Task<IResult> SendInboundAsync(string phone, HttpContext http, InboundDispatcher inbound)
    {
        if (!E164.IsValid(phone))
        {
            return BadPhone(phone);
        }

        var (request, error) = await ReadAsync<SimulateInboundRequest>(http, optional: false);
        if (error is not null)
        {
            return error;
        }

        var message = request!.ToMessage();
        if (message.Text is null && !message.IsButton && !message.IsLocation)
        {
            return Problem(400, "Give a Text, a ButtonId/ButtonText, or a Latitude and Longitude.");
        }

        if (request.Channel == SimulatedChannel.Sms && (message.IsButton || message.IsLocation))
        {
            return Problem(400, "SMS carries text only; use TwilioWhatsApp or Meta for buttons and locations.");
        }

        return Accepted(inbound.Send(request.Channel, phone, message));
    }

    /// <summary>N simulated people answer at a steady rate (see <see cref="BulkAnswers"/>); 202 with the burst's progress.</summary>
    private static async Task<IResult> StartBulkAsync(HttpContext http, BulkAnswers bulk)
    {
        var (request, error) = await ReadAsync<BulkAnswersRequest>(http, optional: true);
        if (error is not null)
        {
            return error;
        }

        var (status, problem) = bulk.Start(request!);
        return status is null ? Problem(problem!.StartsWith("A burst", StringComparison.Ordinal) ? 409 : 400, problem) : Results.Json(status, Json, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> StopAsync(string phone, HttpContext http, InboundDispatcher inbound)
    {
        if (!E164.IsValid(phone))
        {
            return BadPhone(phone);
        }

        var (request, error) = await ReadAsync<StopRequest>(http, optional: true);
        return error ?? Accepted(inbound.Send(request!.Channel, phone, new InboundMessage { Text = "STOP" }));
    }

    private static IResult Accepted(InboundResult result) =>
        Results.Json(new { messageId = result.MessageId, problem = result.Problem }, Json, statusCode: StatusCodes.Status202Accepted);

    private static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpContext http, bool optional) where T : class, new()
    {
        if (optional && http.Request.ContentLength is null or 0 && !http.Request.Headers.TransferEncoding.Any())
        {
            return (new T(), null);
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(http.Request.Body, Json, http.RequestAborted);
            return value is null ? (null, Problem(400, "The body must be a JSON object.")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Problem(400, "The body could not be read: " + ex.Message));
        }
    }

    private static int Limit(HttpContext http, int fallback) =>
        int.TryParse(http.Request.Query["limit"], out var limit) ? Math.Clamp(limit, 1, 10_000) : fallback;

    private static IResult BadPhone(string phone) =>
        Problem(400, $"'{phone}' is not an E.164 number; write it as +<country code><number> (URL-encode the + as %2B if needed).");

    private static IResult Problem(int status, string detail) => Results.Problem(detail: detail, statusCode: status);
}
