using System.Globalization;
using CrisisConsole.GatewaySimulator.Http;
using CrisisConsole.GatewaySimulator.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CrisisConsole.GatewaySimulator.Twilio;

/// <summary>Twilio's Messages resource under {prefix}/twilio/2010-04-01/Accounts/{AccountSid}.</summary>
internal static class TwilioEndpoints
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;

    public const string Pattern = "/twilio/2010-04-01/Accounts/{accountSid}";

    public static void MapTwilio(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter<TwilioAuthenticationFilter>();
        group.MapPost("/Messages.json", (HttpContext http, TwilioSendHandler handler) => handler.CreateAsync(http));
        group.MapGet("/Messages.json", List);
        group.MapGet("/Messages/{sid}.json", Fetch);
    }

    private static IResult Fetch(string accountSid, string sid, MessageStore<TwilioMessage> store)
    {
        var message = store.Find(sid);
        return message is null || message.AccountSid != accountSid
            ? TwilioErrors.NotFound($"/2010-04-01/Accounts/{accountSid}/Messages/{sid}.json").ToResult()
            : Results.Json(message.ToResource(), ProviderResponses.Json);
    }

    /// <summary>Newest first, filtered by To, From and DateSent (=, &lt;=, &gt;=), paged with PageSize and Page.</summary>
    private static IResult List(string accountSid, HttpContext http, MessageStore<TwilioMessage> store)
    {
        var query = http.Request.Query;
        var to = query["To"].ToString();
        var from = query["From"].ToString();
        if (!TryDate(query["DateSent"].ToString(), out var on) || !TryDate(query["DateSent>"].ToString(), out var after) ||
            !TryDate(query["DateSent<"].ToString(), out var before))
        {
            return new TwilioError(20001, "Invalid DateSent: use YYYY-MM-DD or an ISO 8601 date and time.").ToResult();
        }

        var pageSize = int.TryParse(query["PageSize"], out var size) ? Math.Clamp(size, 1, MaxPageSize) : DefaultPageSize;
        var page = int.TryParse(query["Page"], out var p) ? Math.Max(0, p) : 0;

        var matches = store.Snapshot()
            .Where(m => m.AccountSid == accountSid)
            .Where(m => to.Length == 0 || string.Equals(m.To, to, StringComparison.OrdinalIgnoreCase))
            .Where(m => from.Length == 0 || string.Equals(m.Sender, from, StringComparison.OrdinalIgnoreCase))
            .Where(m => on is null || m.DateCreated.UtcDateTime.Date == on.Value.Value.UtcDateTime.Date)
            .Where(m => after is null || m.DateCreated >= after.Value.Value)
            .Where(m => before is null || (before.Value.DateOnly ? m.DateCreated < before.Value.Value.AddDays(1) : m.DateCreated <= before.Value.Value))
            .Skip(page * pageSize)
            .Take(pageSize + 1)
            .ToList();

        var hasNext = matches.Count > pageSize;
        var pageItems = matches.Take(pageSize).Select(m => m.ToResource()).ToList();
        var basePath = $"/2010-04-01/Accounts/{accountSid}/Messages.json";
        string PageUri(int pageNumber, string? token = null)
        {
            var parts = new List<string>();
            foreach (var key in new[] { "To", "From", "DateSent", "DateSent>", "DateSent<" })
            {
                if (query.TryGetValue(key, out var value) && value.ToString().Length > 0)
                {
                    parts.Add(Uri.EscapeDataString(key) + "=" + Uri.EscapeDataString(value.ToString()));
                }
            }

            parts.Add("PageSize=" + pageSize.ToString(CultureInfo.InvariantCulture));
            parts.Add("Page=" + pageNumber.ToString(CultureInfo.InvariantCulture));
            if (token is not null)
            {
                parts.Add("PageToken=" + token);
            }

            return basePath + "?" + string.Join("&", parts);
        }

        return Results.Json(new TwilioMessagePage
        {
            Messages = pageItems,
            Start = page * pageSize,
            End = page * pageSize + Math.Max(0, pageItems.Count - 1),
            Page = page,
            PageSize = pageSize,
            FirstPageUri = PageUri(0),
            Uri = PageUri(page),
            NextPageUri = hasNext ? PageUri(page + 1, "PA" + pageItems[^1].Sid) : null,
            PreviousPageUri = page > 0 ? PageUri(page - 1) : null,
        }, ProviderResponses.Json);
    }

    private static bool TryDate(string text, out (DateTimeOffset Value, bool DateOnly)? date)
    {
        date = null;
        if (text.Length == 0)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            date = (new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), true);
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            date = (at, false);
            return true;
        }

        return false;
    }
}
