using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace CrisisConsole.GatewaySimulator.Admin;

/// <summary>A plain page of counters and recent traffic, refreshed every few seconds: a window into the simulator during a demo.</summary>
internal static class AdminPage
{
    public static IResult Render(SimulatorCounters counters, TrafficLog traffic)
    {
        var html = HtmlEncoder.Default;
        var c = counters.Snapshot();
        var page = new StringBuilder(16_384);
        page.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3">
            <title>Gateway simulator</title>
            <style>
              body { font: 14px system-ui, sans-serif; margin: 1.5rem; color: #1b1b1b; }
              table { border-collapse: collapse; width: 100%; }
              th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
              .stats { display: flex; gap: 1.5rem; flex-wrap: wrap; margin-bottom: 1rem; }
              .stat b { display: block; font-size: 1.4rem; }
              .err { color: #a40000; }
            </style></head><body>
            <h1>Gateway simulator</h1>
            <div class="stats">
            """);
        Stat(page, "SMS received", c.Received.TwilioSms);
        Stat(page, "Twilio WhatsApp received", c.Received.TwilioWhatsApp);
        Stat(page, "Meta received", c.Received.Meta);
        Stat(page, "Rejected (Twilio / Meta)", c.Rejected.Twilio + c.Rejected.Meta);
        Stat(page, "Status callbacks sent", c.Callbacks.StatusCallbacksSent);
        Stat(page, "Inbound webhooks sent", c.Callbacks.InboundWebhooksSent);
        Stat(page, "Callbacks failed", c.Callbacks.Failed);
        Stat(page, "Recipient answers", c.RecipientAnswers);
        page.Append("</div><table><thead><tr><th>Time (UTC)</th><th>Direction</th><th>Channel</th><th>Operation</th><th>Status</th><th>Code</th><th>Number</th><th>Message</th><th>Detail</th></tr></thead><tbody>");
        foreach (var entry in traffic.Recent(200))
        {
            var failed = entry.HttpStatus is null or < 200 or >= 300 || entry.ErrorCode is not null;
            page.Append(failed ? "<tr class=\"err\">" : "<tr>");
            Cell(page, html, entry.At.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture));
            Cell(page, html, entry.Direction.ToString());
            Cell(page, html, entry.Channel);
            Cell(page, html, entry.Operation);
            Cell(page, html, entry.HttpStatus?.ToString(CultureInfo.InvariantCulture));
            Cell(page, html, entry.ErrorCode?.ToString(CultureInfo.InvariantCulture));
            Cell(page, html, entry.Recipient);
            Cell(page, html, entry.MessageId);
            page.Append("<td dir=\"auto\">").Append(html.Encode(entry.Detail ?? "")).Append("</td></tr>");
        }

        page.Append("</tbody></table></body></html>");
        return Results.Content(page.ToString(), "text/html; charset=utf-8");
    }

    private static void Stat(StringBuilder page, string label, long value) =>
        page.Append("<div class=\"stat\"><b>").Append(value.ToString(CultureInfo.InvariantCulture)).Append("</b>").Append(label).Append("</div>");

    private static void Cell(StringBuilder page, HtmlEncoder html, string? text) =>
        page.Append("<td>").Append(html.Encode(text ?? "")).Append("</td>");
}
