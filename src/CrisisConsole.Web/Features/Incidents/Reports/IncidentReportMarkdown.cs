using System.Text;

namespace CrisisConsole.Web.Features.Incidents.Reports;

/// <summary>
/// The report as Markdown, for a wiki or an e-mail. Text typed by people (titles, names, the review, provider
/// reasons) is escaped so it cannot turn into headings, links or HTML; Arabic and other scripts pass through as written.
/// </summary>
public static class IncidentReportMarkdown
{
    public static string Render(IncidentReport report)
    {
        var md = new StringBuilder();
        var incident = report.Incident;
        md.Append("# ").Append(report.IsDrill ? "Drill report" : "Post-incident report").Append(": ").AppendLine(Inline(incident.Title)).AppendLine();
        if (report.IsDrill)
        {
            md.AppendLine("> **DRILL**: this was an exercise. Its figures are kept apart from real incidents.").AppendLine();
        }

        md.AppendLine($"- Incident: #{incident.Id}, {incident.Severity}, {incident.State}");
        md.AppendLine($"- Opened: {ReportFormat.Time(incident.CreatedAt)}; resolved: {ReportFormat.Time(incident.ResolvedAt)}; closed: {ReportFormat.Time(incident.ClosedAt)}");
        md.AppendLine($"- Incident manager: {Inline(incident.ManagerName ?? "—")}; communications lead: {Inline(incident.CommsLeadName ?? "—")}");
        md.AppendLine($"- Broadcasts: {report.BroadcastCount}");
        md.AppendLine($"- Generated: {ReportFormat.Time(report.GeneratedAt)}").AppendLine();

        Speed(md, report);
        Deliveries(md, report);
        Answers(md, report);
        Failures(md, report);
        Unaccounted(md, report);
        Timeline(md, report);

        md.AppendLine("## Review").AppendLine();
        Review(md, "Cause", incident.Cause);
        Review(md, "Fix", incident.Fix);
        Review(md, "Lessons learned", incident.LessonsLearned);
        return md.ToString();
    }

    private static void Speed(StringBuilder md, IncidentReport report)
    {
        md.AppendLine("## How fast people were reached and answered").AppendLine();
        md.AppendLine("| | Median | 95th percentile | Samples |").AppendLine("|---|---:|---:|---:|");
        void Row(string name, DurationStats stats) =>
            md.AppendLine($"| {name} | {ReportFormat.Duration(stats.Median)} | {ReportFormat.Duration(stats.P95)} | {stats.Samples:N0} |");
        Row("Time to deliver", report.AllChannels.TimeToDeliver);
        Row("Time to answer", report.CheckIns.TimeToAnswer);
        Row("Time to safe", report.CheckIns.TimeToSafe);
        md.AppendLine();
    }

    private static void Deliveries(StringBuilder md, IncidentReport report)
    {
        md.AppendLine("## Messages per channel").AppendLine();
        if (report.Channels.Count == 0)
        {
            md.AppendLine("No message was sent for this incident.").AppendLine();
            return;
        }

        md.AppendLine("| Channel | Messages | Sent | Delivered | Read | Failed | Delivery rate | Median to deliver | 95th pct to deliver |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in report.Channels.Append(report.AllChannels))
        {
            md.AppendLine($"| {ReportFormat.Channel(row.Channel)} | {row.Messages:N0} | {row.Sent:N0} | {row.Delivered:N0} | {row.Read:N0} | {row.Failed:N0} | " +
                $"{ReportFormat.Rate(row.DeliveryRate)} | {ReportFormat.Duration(row.TimeToDeliver.Median)} | {ReportFormat.Duration(row.TimeToDeliver.P95)} |");
        }

        var fallbacks = report.Fallbacks;
        md.AppendLine().AppendLine(fallbacks.Used == 0
            ? "No SMS fallback was needed."
            : $"SMS fallbacks: {fallbacks.Used:N0} sent, {fallbacks.Delivered:N0} delivered ({ReportFormat.Rate(fallbacks.DeliveryRate)}), {fallbacks.Failed:N0} failed.").AppendLine();
    }

    private static void Answers(StringBuilder md, IncidentReport report)
    {
        var checkIns = report.CheckIns;
        md.AppendLine("## Answers").AppendLine();
        md.AppendLine($"- Asked to check in: {checkIns.Recipients:N0} people ({checkIns.Broadcasts} check-in broadcasts)");
        md.AppendLine($"- Safe: {checkIns.Safe:N0}; need help: {checkIns.NeedsHelp:N0}; no answer: {checkIns.NoAnswer:N0}");
        md.AppendLine($"- Answer rate: {ReportFormat.Rate(checkIns.AnswerRate)}").AppendLine();
    }

    private static void Failures(StringBuilder md, IncidentReport report)
    {
        md.AppendLine("## Failures by reason").AppendLine();
        if (report.Failures.Count == 0)
        {
            md.AppendLine("No failures.").AppendLine();
            return;
        }

        md.AppendLine("| Channel | Code | Reason | Count |").AppendLine("|---|---|---|---:|");
        foreach (var failure in report.Failures)
        {
            md.AppendLine($"| {ReportFormat.Channel(failure.Channel)} | {Cell(failure.ErrorCode ?? "—")} | {Cell(failure.Reason ?? "No reason given")} | {failure.Count:N0} |");
        }

        md.AppendLine();
    }

    private static void Unaccounted(StringBuilder md, IncidentReport report)
    {
        md.AppendLine($"## Unaccounted for ({report.UnaccountedCount:N0})").AppendLine();
        if (report.UnaccountedCount == 0)
        {
            md.AppendLine("Everyone asked to check in has answered.").AppendLine();
            return;
        }

        md.AppendLine("| Name | Zone | Phone | Last message |").AppendLine("|---|---|---|---|");
        foreach (var person in report.Unaccounted)
        {
            var last = person.LastStatus is { } status ? $"{ReportFormat.Channel(person.LastChannel)} {status}" : "—";
            md.AppendLine($"| {Cell(person.Name)} | {Cell(person.Zone ?? "")} | {Cell(person.Phone)} | {last} |");
        }

        if (report.UnaccountedTruncated)
        {
            md.AppendLine().AppendLine($"…and {report.UnaccountedCount - report.Unaccounted.Count:N0} more: see the deliveries CSV.");
        }

        md.AppendLine();
    }

    private static void Timeline(StringBuilder md, IncidentReport report)
    {
        md.AppendLine("## Timeline").AppendLine();
        if (report.Timeline.Count == 0)
        {
            md.AppendLine("Nothing on the timeline.").AppendLine();
            return;
        }

        md.AppendLine("| When | What | | Who |").AppendLine("|---|---|---|---|");
        foreach (var item in report.Timeline)
        {
            md.AppendLine($"| {ReportFormat.Time(item.At)} | {ReportFormat.Kind(item.Kind)} | {Cell(item.Text)} | {Cell(item.ActorName)} |");
        }

        md.AppendLine();
    }

    private static void Review(StringBuilder md, string heading, string? text)
    {
        md.AppendLine($"### {heading}").AppendLine();
        if (string.IsNullOrWhiteSpace(text))
        {
            md.AppendLine("_Not written yet._").AppendLine();
            return;
        }

        // Paragraphs and line breaks are kept; each line is escaped on its own so none starts a heading or a list.
        foreach (var line in text.ReplaceLineEndings("\n").Split('\n'))
        {
            md.Append(Line(line)).AppendLine(line.Length == 0 ? "" : "  ");
        }

        md.AppendLine();
    }

    /// <summary>Escapes Markdown and HTML in one line of text.</summary>
    public static string Inline(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text.ReplaceLineEndings(" "))
        {
            switch (c)
            {
                case '\\' or '`' or '*' or '_' or '[' or ']' or '#' or '|' or '~' or '!' or '(' or ')':
                    escaped.Append('\\').Append(c);
                    break;
                case '<':
                    escaped.Append("&lt;");
                    break;
                case '>':
                    escaped.Append("&gt;");
                    break;
                case '&':
                    escaped.Append("&amp;");
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }

        return escaped.ToString();
    }

    /// <summary>A line of its own: escaped, and a leading "- ", "+ " or "1. " kept from starting a list.</summary>
    private static string Line(string text)
    {
        var result = Inline(text);
        var digits = result.TakeWhile(char.IsAsciiDigit).Count();
        if (digits > 0 && result.Length > digits && result[digits] is '.' or ')')
        {
            return result[..digits] + "\\" + result[digits..];
        }

        return result.Length > 0 && result[0] is '-' or '+' && (result.Length == 1 || result[1] == ' ') ? "\\" + result : result;
    }

    /// <summary>A table cell: escaped, on one line.</summary>
    private static string Cell(string text) => Inline(text.Trim());
}
