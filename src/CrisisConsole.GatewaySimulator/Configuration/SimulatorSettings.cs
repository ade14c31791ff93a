namespace CrisisConsole.GatewaySimulator.Configuration;

/// <summary>
/// Section "GatewaySimulator": how the simulated providers and recipients behave. Credentials are not
/// here; they come from the shared "Gateways" section so the app and the simulator always agree.
/// Every value can be changed at run time through PATCH {prefix}/admin/settings.
/// </summary>
public sealed class SimulatorSettings
{
    public const string Section = "GatewaySimulator";

    public TwilioBehaviour Twilio { get; set; } = new();

    public MetaBehaviour Meta { get; set; } = new();

    public RecipientBehaviour Recipients { get; set; } = new();

    public RateLimitSettings RateLimits { get; set; } = new();

    public CallbackSettings Callbacks { get; set; } = new();

    /// <summary>Messages kept for fetch, list and replies; the oldest are forgotten first.</summary>
    public int MaxStoredMessages { get; set; } = 200_000;

    /// <summary>Entries kept in the recent-traffic list of the admin API.</summary>
    public int RecentTrafficCapacity { get; set; } = 500;
}

public sealed class TwilioBehaviour
{
    public int QueuedToSendingMs { get; set; } = 300;

    public int SendingToSentMs { get; set; } = 400;

    public int SentToDeliveredMs { get; set; } = 1500;

    /// <summary>WhatsApp only: delay before the read receipt.</summary>
    public int DeliveredToReadMs { get; set; } = 2500;

    /// <summary>Each delay varies by up to this share of itself (0-100), so a batch does not move in lockstep.</summary>
    public int JitterPercent { get; set; } = 40;

    /// <summary>Error code of a WhatsApp send to a recipient who is not on WhatsApp (async failed).</summary>
    public int NotOnWhatsAppErrorCode { get; set; } = 63003;

    /// <summary>Error code of an SMS to a handset the recipient profile marks unreachable (async undelivered).</summary>
    public int UnreachableErrorCode { get; set; } = 30003;

    /// <summary>
    /// Content templates known by ContentSid. A ContentSid that is not listed is still accepted (any
    /// well-formed HX sid is), and is treated as a check-in carrying <see cref="DefaultButtons"/>.
    /// </summary>
    public List<TwilioContentTemplate>? Contents { get; set; }

    /// <summary>Quick replies assumed for an unknown ContentSid. Empty means the default SAFE/HELP pair.</summary>
    public List<QuickReplyButton>? DefaultButtons { get; set; }
}

public sealed class TwilioContentTemplate
{
    /// <summary>"HX" + 32 hex characters.</summary>
    public string Sid { get; set; } = "";

    public string? Body { get; set; }

    public List<QuickReplyButton>? Buttons { get; set; }
}

public sealed class QuickReplyButton
{
    public string Id { get; set; } = "";

    public string Title { get; set; } = "";
}

public enum WindowViolationMode
{
    /// <summary>The send is accepted (200) and a "failed" status with 131047 follows.</summary>
    Async,

    /// <summary>The send is refused at once with a 131047 error envelope.</summary>
    Sync,
}

public sealed class MetaBehaviour
{
    public int AcceptedToSentMs { get; set; } = 300;

    public int SentToDeliveredMs { get; set; } = 1500;

    public int DeliveredToReadMs { get; set; } = 2500;

    public int JitterPercent { get; set; } = 40;

    /// <summary>Go straight from sent to read, as Meta does when the chat is open on the phone.</summary>
    public bool SkipDelivered { get; set; }

    /// <summary>Whether free-form sends outside the 24-hour window fail synchronously or by webhook.</summary>
    public WindowViolationMode WindowViolation { get; set; } = WindowViolationMode.Async;

    /// <summary>Whether a send to someone not on WhatsApp (131026) fails synchronously or by webhook.</summary>
    public WindowViolationMode NotOnWhatsApp { get; set; } = WindowViolationMode.Async;

    /// <summary>The business number as Meta shows it in webhook metadata (digits, no +).</summary>
    public string DisplayPhoneNumber { get; set; } = "15550783881";

    /// <summary>The WhatsApp Business Account id placed in entry[].id of webhooks.</summary>
    public string BusinessAccountId { get; set; } = "102290129340398";

    /// <summary>Meta escapes non-ASCII characters in webhook JSON (\u0623...); false sends raw UTF-8.</summary>
    public bool EscapeNonAscii { get; set; } = true;

    /// <summary>Approved templates. Null means the built-in registry (see MetaTemplateRegistry).</summary>
    public List<MetaTemplate>? Templates { get; set; }
}

public enum MetaTemplateStatus
{
    Approved,
    Paused,
    Disabled,
}

public sealed class MetaTemplate
{
    public string Name { get; set; } = "";

    /// <summary>Language codes the template is approved in (e.g. en, en_US, fr, ar).</summary>
    public List<string> Languages { get; set; } = [];

    public string Category { get; set; } = "UTILITY";

    /// <summary>Number of {{n}} parameters in the body.</summary>
    public int BodyParameters { get; set; }

    /// <summary>Titles of the quick-reply buttons, in order (their payloads come with each send).</summary>
    public List<string>? QuickReplies { get; set; }

    public MetaTemplateStatus Status { get; set; } = MetaTemplateStatus.Approved;
}

public sealed class RecipientBehaviour
{
    /// <summary>Whether simulated recipients answer at all (the window, STOP and admin inbound work regardless).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Share of numbers (0-100) that are not on WhatsApp, chosen by a hash of the number.</summary>
    public int NotOnWhatsAppPercent { get; set; } = 10;

    /// <summary>Share of numbers (0-100) whose handset never receives SMS (undelivered).</summary>
    public int SmsUnreachablePercent { get; set; } = 2;

    /// <summary>Share of WhatsApp recipients (0-100) who send read receipts.</summary>
    public int ReadReceiptsPercent { get; set; } = 90;

    /// <summary>Only answer check-ins (messages with quick replies or asking for SAFE/HELP), not every message.</summary>
    public bool AnswerOnlyCheckIns { get; set; } = true;

    /// <summary>A recipient does not answer again within this many seconds of their last answer (stops reply loops).</summary>
    public int CooldownSeconds { get; set; } = 30;

    public int MinReplyDelayMs { get; set; } = 2000;

    public int MaxReplyDelayMs { get; set; } = 15000;

    /// <summary>Relative weights of what a recipient does with a check-in.</summary>
    public AnswerWeights Answers { get; set; } = new();

    /// <summary>Relative weights of the languages profiles write in.</summary>
    public LanguageWeights Languages { get; set; } = new();
}

public sealed class AnswerWeights
{
    public int SafeButton { get; set; } = 45;

    public int HelpButton { get; set; } = 12;

    public int FreeText { get; set; } = 18;

    public int Location { get; set; } = 5;

    public int Silence { get; set; } = 20;

    /// <summary>Sends STOP (and is blocklisted by Twilio).</summary>
    public int Stop { get; set; }

    public int Total => SafeButton + HelpButton + FreeText + Location + Silence + Stop;
}

public sealed class LanguageWeights
{
    public int En { get; set; } = 50;

    public int Fr { get; set; } = 25;

    public int Ar { get; set; } = 25;

    public int Total => En + Fr + Ar;
}

public sealed class RateLimitSettings
{
    /// <summary>Twilio queues sends past a sender's rate (they stay "queued" and progress later).</summary>
    public bool TwilioEnabled { get; set; } = true;

    /// <summary>SMS segments per second per sender (10 for an international long code).</summary>
    public double TwilioSmsSegmentsPerSecond { get; set; } = 10;

    public double TwilioWhatsAppMessagesPerSecond { get; set; } = 80;

    /// <summary>A message that would wait longer than this in the sender queue fails with 30001 (queue overflow).</summary>
    public int TwilioMaxQueueSeconds { get; set; } = 36_000;

    /// <summary>Meta answers 130429 above this token bucket.</summary>
    public bool MetaEnabled { get; set; } = true;

    public double MetaMessagesPerSecond { get; set; } = 80;

    /// <summary>HTTP status of a 130429 answer (Meta's mapping is unconfirmed: 400 or 429).</summary>
    public int MetaRateLimitHttpStatus { get; set; } = 400;
}

public sealed class CallbackSettings
{
    /// <summary>
    /// Whether status callbacks and inbound webhooks are sent at all. Off only for benchmarks that measure
    /// sending alone: messages still progress (and can be fetched), but nobody is called back.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Concurrent senders of status callbacks and inbound webhooks.</summary>
    public int Senders { get; set; } = 8;

    /// <summary>Attempts per callback, counting the first.</summary>
    public int MaxAttempts { get; set; } = 4;

    public int RetryBaseDelayMs { get; set; } = 500;

    public int TimeoutSeconds { get; set; } = 15;

    /// <summary>Whether a retried Twilio callback keeps its I-Twilio-Idempotency-Token (real behaviour unconfirmed).</summary>
    public bool SameIdempotencyTokenOnRetry { get; set; } = true;
}
