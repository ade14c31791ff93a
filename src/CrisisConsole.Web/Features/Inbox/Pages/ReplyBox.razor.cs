using CrisisConsole.Gateways.Messaging;
using CrisisConsole.Gateways.Sms;
using CrisisConsole.Web.Features.Accounts;
using CrisisConsole.Web.Features.Inbox.Triage;
using CrisisConsole.Web.Features.Templates;
using Microsoft.AspNetCore.Components;
using Radzen;

namespace CrisisConsole.Web.Features.Inbox.Pages;

/// <summary>
/// The reply box. It answers on the channel the person wrote on. The window rule is shown here so the
/// responder knows before typing; <see cref="DirectMessageOutbox"/> applies it again when queuing (the
/// window may close while the page is open), and its refusal is shown as it is.
/// </summary>
public sealed partial class ReplyBox
{
    private static readonly TemplateCategory[] ReplyCategories = [TemplateCategory.CheckIn, TemplateCategory.Update];

    private IReadOnlyList<TemplateSummary> templates = [];
    private MessageTemplate? template;
    private Dictionary<string, string> variables = new(StringComparer.Ordinal);
    private string? text;
    private bool useTemplate;
    private bool busy;
    private string? result;
    private bool resultIsError;
    private long? shownFor;

    [Parameter, EditorRequired] public required InboundMessage Item { get; set; }
    [Parameter, EditorRequired] public required InboxSender Sender { get; set; }

    /// <summary>Called once a reply is queued, so the page shows it in the conversation.</summary>
    [Parameter] public EventCallback Sent { get; set; }

    [Inject] public required DirectMessageOutbox Outbox { get; init; }
    [Inject] public required TemplateService Templates { get; init; }
    [Inject] public required CurrentActor Actor { get; init; }
    [Inject] public required DialogService Dialogs { get; init; }
    [Inject] public required TimeProvider Time { get; init; }

    private MessageChannel Channel => Item.Channel;

    /// <summary>The person's last WhatsApp message: the contact's record, or this message if it is later.</summary>
    private DateTimeOffset? LastWhatsApp => Channel != MessageChannel.WhatsApp ? Sender.LastInboundWhatsAppAt
        : Sender.LastInboundWhatsAppAt is { } last && last > Item.ReceivedAt ? last : Item.ReceivedAt;

    private bool WindowOpen => Channel == MessageChannel.Sms || WhatsAppWindow.IsOpen(LastWhatsApp, Time.GetUtcNow());

    private DateTimeOffset? WindowClosesAt => WhatsAppWindow.ClosesAt(LastWhatsApp);

    private int Length => text?.Trim().Length ?? 0;

    private bool TooLong => Length > DirectMessage.TextMaxLength;

    private bool CanSendText => WindowOpen && Length > 0 && !TooLong;

    private bool CanSendTemplate => template is not null && Rendered is { IsComplete: true };

    private RenderedMessage? Rendered => template is null ? null : TemplateRenderer.Render(template, Sender.Language, variables);

    private string LengthText
    {
        get
        {
            var count = $"{Length:N0} of {DirectMessage.TextMaxLength:N0} characters";
            if (Channel != MessageChannel.Sms || Length == 0)
            {
                return count;
            }

            var sms = SmsSegmentCounter.Count(text!.Trim());
            return $"{count} · {sms.Segments} SMS part{(sms.Segments == 1 ? "" : "s")} ({sms.Encoding})";
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        if (shownFor == Item.Id)
        {
            return;
        }

        shownFor = Item.Id;
        (text, template, result, useTemplate) = (null, null, null, false);
        variables = new Dictionary<string, string>(StringComparer.Ordinal);
        templates = (await Templates.ListAsync(new TemplateListFilter())).Where(t => ReplyCategories.Contains(t.Category)).ToList();
        useTemplate = !WindowOpen;
    }

    private async Task TemplateChosenAsync(ChangeEventArgs e)
    {
        template = int.TryParse(e.Value?.ToString(), out var id) ? await Templates.GetAsync(id) : null;
        variables = new Dictionary<string, string>(StringComparer.Ordinal);
    }

    private async Task SendAsync()
    {
        var sendingTemplate = useTemplate;
        if (busy || (sendingTemplate ? !CanSendTemplate : !CanSendText))
        {
            return;
        }

        var what = sendingTemplate ? $"the template {template!.Name}" : "this reply";
        var channel = Channel == MessageChannel.WhatsApp ? "WhatsApp" : "SMS";
        var confirmed = await Dialogs.Confirm($"Send {what} to {Sender.Label} ({Sender.Phone}) on {channel}? It is sent at once and cannot be recalled.",
            "Send reply", new ConfirmOptions { OkButtonText = "Send", CancelButtonText = "Not yet" });
        if (confirmed != true)
        {
            return;
        }

        busy = true;
        try
        {
            var actor = await Actor.GetAsync();
            var request = sendingTemplate
                ? new DirectMessageRequest(Sender.ContactId, Sender.Phone, Channel, DirectMessageKind.Reply, "", Item.Id, actor, template!.Id,
                    new Dictionary<string, string>(variables, StringComparer.Ordinal))
                : new DirectMessageRequest(Sender.ContactId, Sender.Phone, Channel, DirectMessageKind.Reply, text!.Trim(), Item.Id, actor);
            var queued = await Outbox.QueueAsync(request, CancellationToken.None);
            (result, resultIsError) = queued.Queued
                ? ("Reply queued; its delivery status shows in the conversation.", false)
                : (queued.Error, true);
            if (queued.Queued)
            {
                text = null;
                template = null;
                variables = new Dictionary<string, string>(StringComparer.Ordinal);
                await Sent.InvokeAsync();
            }
        }
        finally
        {
            busy = false;
        }
    }
}
