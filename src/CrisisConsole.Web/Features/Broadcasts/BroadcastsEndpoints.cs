using System.Text.Json;
using CrisisConsole.Web.Data;
using CrisisConsole.Web.Features.ApiKeys;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Segments;
using CrisisConsole.Web.Features.Templates;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace CrisisConsole.Web.Features.Broadcasts;

public sealed record AlertCreatedResponse(int Id, string State, int Recipients);

public sealed record BroadcastDecisionResponse(int Id, string State, int Recipients);

/// <summary>
/// The REST side of broadcasts for monitoring systems, under /api/v1 (API key required):
/// <c>POST /alerts</c> (trigger scope) composes and submits in one call; <c>POST /broadcasts/{id}/approve</c>
/// and <c>/reject</c> (approve scope) decide, through the same services as the console. Problems come
/// back as RFC 7807 problem details: 400 bad input (naming the field), 403 a key deciding on its own
/// broadcast, 404 unknown id, 409 not pending, 413 body too large, 415 not JSON.
/// </summary>
public static class BroadcastsEndpoints
{
    public static void MapBroadcastsEndpoints(this IEndpointRouteBuilder endpoints, RouteGroupBuilder api)
    {
        api.MapPost("/alerts", CreateAlertAsync).RequireScope(ApiScopes.Trigger);
        api.MapPost("/broadcasts/{id:int}/approve", (int id, HttpContext http, BroadcastApprovalService approvals, CancellationToken ct) =>
            DecideAsync(id, http, approve: true, approvals, ct)).RequireScope(ApiScopes.Approve);
        api.MapPost("/broadcasts/{id:int}/reject", (int id, HttpContext http, BroadcastApprovalService approvals, CancellationToken ct) =>
            DecideAsync(id, http, approve: false, approvals, ct)).RequireScope(ApiScopes.Approve);
    }

    private static async Task<IResult> CreateAlertAsync(HttpContext http, TemplateService templates, BroadcastDraftService drafts,
        IDbContextFactory<AppDbContext> contexts, CancellationToken cancellationToken)
    {
        var (body, problem) = await ReadJsonAsync(http, required: true, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (request, errors) = AlertRequest.Read(body!.Value);
        if (request is null)
        {
            return Invalid(errors);
        }

        var template = await templates.GetByNameAsync(request.Template, cancellationToken: cancellationToken);
        if (template is null)
        {
            errors["template"] = [$"No active template is named '{request.Template}'."];
        }

        List<int> segmentIds;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            segmentIds = await SegmentNames.ResolveAsync(db, request.Segments, errors, cancellationToken);
        }

        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        var input = new BroadcastInput
        {
            TemplateId = template!.Id,
            Variables = new Dictionary<string, string>(request.Variables, StringComparer.Ordinal),
            SegmentIds = segmentIds,
            ChannelPolicy = request.ChannelPolicy,
            IsDrill = request.IsDrill,
            IncidentId = request.IncidentId,
        };
        var result = await drafts.SubmitAsync(null, input, AuditActor.From(http.User), cancellationToken);
        if (!result.Succeeded)
        {
            return Invalid(result.Errors.ToDictionary(e => ApiField(e.Key), e => new[] { e.Value }, StringComparer.Ordinal));
        }

        var broadcast = result.Broadcast!;
        return TypedResults.Created($"/api/v1/broadcasts/{broadcast.Id}",
            new AlertCreatedResponse(broadcast.Id, BroadcastStateMachine.ToWire(broadcast.State), result.Recipients ?? 0));
    }

    private static async Task<IResult> DecideAsync(int id, HttpContext http, bool approve, BroadcastApprovalService approvals, CancellationToken cancellationToken)
    {
        var (body, problem) = await ReadJsonAsync(http, required: false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        string? comment = null;
        if (body is { } json)
        {
            var commentValue = json.ValueKind == JsonValueKind.Object
                ? json.EnumerateObject().Where(p => string.Equals(p.Name, "comment", StringComparison.OrdinalIgnoreCase)).Select(p => (JsonElement?)p.Value).FirstOrDefault()
                : null;
            if (json.ValueKind != JsonValueKind.Object || commentValue is { ValueKind: not (JsonValueKind.String or JsonValueKind.Null) })
            {
                return Invalid(new() { ["comment"] = ["The body is optional; when given it is { \"comment\": \"...\" }."] });
            }

            comment = commentValue?.ValueKind == JsonValueKind.String ? commentValue.Value.GetString() : null;
            if (comment is { Length: > BroadcastApprovalService.CommentMaxLength })
            {
                return Invalid(new() { ["comment"] = [$"The comment may be at most {BroadcastApprovalService.CommentMaxLength} characters."] });
            }
        }

        try
        {
            var actor = AuditActor.From(http.User);
            var broadcast = approve
                ? await approvals.ApproveAsync(id, actor, comment, cancellationToken)
                : await approvals.RejectAsync(id, actor, comment, cancellationToken);
            return broadcast is null
                ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No broadcast has this id.", detail: $"There is no broadcast {id}.")
                : TypedResults.Ok(new BroadcastDecisionResponse(broadcast.Id, BroadcastStateMachine.ToWire(broadcast.State), broadcast.RecipientCount));
        }
        catch (BroadcastRuleException refused)
        {
            return refused.Violation == BroadcastRuleViolation.OwnBroadcast
                ? TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "A key may not decide on a broadcast it created.",
                    detail: "Four eyes: another key or a supervisor must approve or reject it.")
                : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The broadcast is not pending approval.", detail: refused.Message);
        }
    }

    /// <summary>The body as JSON (null when empty and not required), or the problem to answer.</summary>
    private static async Task<(JsonElement? Body, IResult? Problem)> ReadJsonAsync(HttpContext http, bool required, CancellationToken cancellationToken)
    {
        var request = http.Request;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = AlertRequest.MaxBodyBytes;
        }

        if (request.ContentLength > AlertRequest.MaxBodyBytes)
        {
            return (null, TooLarge());
        }

        if (request.ContentType is { Length: > 0 } contentType
            && (!MediaTypeHeaderValue.TryParse(contentType, out var media) || !IsJson(media.MediaType.Value)))
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send JSON.",
                detail: "Use Content-Type: application/json."));
        }

        byte[] bytes;
        try
        {
            bytes = await ReadBoundedAsync(request.Body, AlertRequest.MaxBodyBytes, cancellationToken);
        }
        catch (BadHttpRequestException bad) when (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }

        if (bytes.Length == 0)
        {
            return required
                ? (null, Invalid(new() { ["body"] = ["The body is empty; send the alert as a JSON object."] }))
                : (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException exception)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not valid JSON.",
                detail: $"The JSON could not be read (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1})."));
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static bool IsJson(string? mediaType) =>
        mediaType is not null && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The body is too large.", detail: $"A request body may be at most {AlertRequest.MaxBodyBytes / 1024} KB.");

    private static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request was not accepted.",
            detail: string.Join(" ", errors.SelectMany(e => e.Value)));

    // BroadcastFields keys as the API names them.
    private static string ApiField(string key) => key switch
    {
        BroadcastFields.Form => "alert",
        BroadcastFields.Template => "template",
        BroadcastFields.Segments => "segments",
        BroadcastFields.Channels => "channels",
        BroadcastFields.IncidentId => "incidentId",
        BroadcastFields.ScheduledFor => "scheduledFor",
        BroadcastFields.SmsFallbackAfterMinutes => "smsFallbackAfterMinutes",
        _ when key.StartsWith(BroadcastFields.VariablePrefix, StringComparison.Ordinal) => "variables." + key[BroadcastFields.VariablePrefix.Length..],
        _ => key,
    };
}
