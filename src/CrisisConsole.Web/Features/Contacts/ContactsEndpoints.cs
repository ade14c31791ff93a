using CrisisConsole.Gateways.Phone;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.ApiKeys;
using CrisisConsole.Web.Features.Audit;
using CrisisConsole.Web.Features.Contacts.Import;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace CrisisConsole.Web.Features.Contacts;

/// <summary>
/// The contacts REST API (under /api/v1, API key required) and the console's CSV download.
/// Bad input is answered with problem details: 400 for a malformed phone or file, 404 for an unknown
/// phone, 413 for a body over 20 MB, 415 for a body that is neither CSV nor a multipart form.
/// </summary>
public static class ContactsEndpoints
{
    // Room for the multipart boundaries and part headers around a file of the maximum size.
    private const long MultipartOverhead = 64 * 1024;

    public static void MapContactsEndpoints(this IEndpointRouteBuilder endpoints, RouteGroupBuilder api)
    {
        api.MapGet("/contacts", GetByPhone).RequireScope(ApiScopes.Read);
        api.MapGet("/contacts/export", (HttpContext http, ContactCsvExporter exporter, CancellationToken ct) => Export(http, exporter, ct))
            .RequireScope(ApiScopes.Read);
        api.MapPost("/contacts/import", Import).RequireScope(ApiScopes.Import);

        // The console's download button: same export, signed-in users of the contacts page.
        endpoints.MapGet("/contacts/export", (HttpContext http, ContactCsvExporter exporter, CancellationToken ct) => Export(http, exporter, ct))
            .RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Composers });
    }

    private static async Task<Results<Ok<ContactResponse>, ProblemHttpResult>> GetByPhone(string? phone, ContactService contacts, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The phone query parameter is required.",
                detail: "Ask for one contact by number, e.g. /api/v1/contacts?phone=%2B447700900123 (the + written as %2B).");
        }

        // An unencoded '+' in a query string arrives as a space; read " 4477..." as "+4477...".
        if (phone.StartsWith(' ') && phone.TrimStart().Length > 0 && char.IsAsciiDigit(phone.TrimStart()[0]))
        {
            phone = "+" + phone.TrimStart();
        }

        if (!E164.TryNormalize(phone, out var e164, out var error))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The phone number is malformed.", detail: error);
        }

        var contact = await contacts.FindByPhoneAsync(e164, cancellationToken);
        if (contact is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No contact has this phone number.",
                detail: $"No live contact has the number {E164.Mask(e164)}.");
        }

        return TypedResults.Ok(ContactResponse.From(contact));
    }

    private static async Task<IResult> Export(HttpContext http, ContactCsvExporter exporter, CancellationToken cancellationToken)
    {
        var query = http.Request.Query;
        ConsentStatus? consent = null;
        if (query["consent"].ToString() is { Length: > 0 } consentText)
        {
            if (!ContactCsvReader.TryParseConsent(consentText, out consent))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown consent filter.",
                    detail: "Use consent=opted_in, opted_out or unknown.");
            }
        }

        var filter = new ContactFilter(query["search"], query["zone"], query["language"], consent, query["group"]);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"contacts-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv\"";
        await exporter.WriteAsync(http.Response.Body, filter, AuditActor.From(http.User), cancellationToken);
        return TypedResults.Empty;
    }

    private static async Task<IResult> Import(HttpContext http, ContactImporter importer, CancellationToken cancellationToken)
    {
        var request = http.Request;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = ContactCsvReader.MaxFileBytes + MultipartOverhead;
        }

        if (request.ContentLength > ContactCsvReader.MaxFileBytes + MultipartOverhead)
        {
            return TooLarge();
        }

        byte[]? file;
        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value?.ToLowerInvariant() : null;
        if (mediaType == "multipart/form-data")
        {
            var boundary = HeaderUtilities.RemoveQuotes(parsed!.Boundary).Value;
            if (string.IsNullOrEmpty(boundary))
            {
                return BadRequest("The multipart form has no boundary.", "Send the file as multipart/form-data with a boundary, as curl -F does.");
            }

            var (found, bytes) = await TryReadFirstFileAsync(new MultipartReader(boundary, request.Body), cancellationToken);
            if (found is null)
            {
                return BadRequest("The multipart body is malformed.", "Send the file as multipart/form-data, as curl -F file=@contacts.csv does.");
            }

            if (found == false)
            {
                return BadRequest("The form has no file.", "Attach the CSV as a file field, e.g. curl -F file=@contacts.csv.");
            }

            file = bytes;
        }
        else if (mediaType is null or "text/csv" or "text/plain" or "application/csv" or "application/vnd.ms-excel" or "application/octet-stream")
        {
            file = await ReadBoundedAsync(request.Body, ContactCsvReader.MaxFileBytes, cancellationToken);
        }
        else
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send the contacts as CSV.",
                detail: "Use Content-Type: text/csv with the file as the body, or multipart/form-data with the file attached.");
        }

        if (file is null)
        {
            return TooLarge();
        }

        var actor = AuditActor.From(http.User);
        try
        {
            var report = await importer.ImportAsync(file, "CSV import by " + actor.Name, actor, cancellationToken);
            return TypedResults.Ok(report);
        }
        catch (ContactImportRefusedException refused)
        {
            return refused.TooLarge ? TooLarge() : BadRequest("The file was not imported.", refused.Message);
        }
    }

    /// <summary>
    /// The first file part of a multipart body: (true, bytes), (true, null) when it is over the limit,
    /// (false, null) when there is no file part, (null, null) when the body is not valid multipart.
    /// </summary>
    private static async Task<(bool? Found, byte[]? File)> TryReadFirstFileAsync(MultipartReader reader, CancellationToken cancellationToken)
    {
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.IsFileDisposition())
                {
                    return (true, await ReadBoundedAsync(section.Body, ContactCsvReader.MaxFileBytes, cancellationToken));
                }
            }

            return (false, null);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            // A truncated body or a broken boundary: the client's mistake, not a server error.
            return (null, null);
        }
    }

    /// <summary>The body up to the limit, or null when it is longer.</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The file is too large.", detail: $"Import files may be at most {ContactCsvReader.MaxFileSizeText}; split the file and import the parts.");

    private static ProblemHttpResult BadRequest(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);
}
