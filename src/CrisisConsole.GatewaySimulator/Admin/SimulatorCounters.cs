namespace CrisisConsole.GatewaySimulator.Admin;

/// <summary>
/// What the simulator received and sent since start or the last reset. The crash-safety test counts
/// messages received per channel here, so a message counts once it is created, whatever happens to
/// the response afterwards (a time-out after accepting still counts).
/// </summary>
internal sealed class SimulatorCounters
{
    private long twilioSms;
    private long twilioWhatsApp;
    private long meta;
    private long twilioRejected;
    private long metaRejected;
    private long statusCallbacksSent;
    private long inboundWebhooksSent;
    private long callbacksRetried;
    private long callbacksFailed;
    private long callbacksDropped;
    private long answers;

    public void TwilioSmsReceived() => Interlocked.Increment(ref twilioSms);

    public void TwilioWhatsAppReceived() => Interlocked.Increment(ref twilioWhatsApp);

    public void MetaReceived() => Interlocked.Increment(ref meta);

    public void TwilioRejected() => Interlocked.Increment(ref twilioRejected);

    public void MetaRejected() => Interlocked.Increment(ref metaRejected);

    public void CallbackDelivered(bool inbound) =>
        Interlocked.Increment(ref inbound ? ref inboundWebhooksSent : ref statusCallbacksSent);

    public void CallbackRetried() => Interlocked.Increment(ref callbacksRetried);

    public void CallbackFailed() => Interlocked.Increment(ref callbacksFailed);

    public void CallbackDropped() => Interlocked.Increment(ref callbacksDropped);

    public void RecipientAnswered() => Interlocked.Increment(ref answers);

    public CounterSnapshot Snapshot() => new(
        new ReceivedCounts(Read(ref twilioSms), Read(ref twilioWhatsApp), Read(ref meta),
            Read(ref twilioSms) + Read(ref twilioWhatsApp) + Read(ref meta)),
        new RejectedCounts(Read(ref twilioRejected), Read(ref metaRejected)),
        new CallbackCounts(Read(ref statusCallbacksSent), Read(ref inboundWebhooksSent), Read(ref callbacksRetried),
            Read(ref callbacksFailed), Read(ref callbacksDropped)),
        Read(ref answers));

    public void Reset()
    {
        Interlocked.Exchange(ref twilioSms, 0);
        Interlocked.Exchange(ref twilioWhatsApp, 0);
        Interlocked.Exchange(ref meta, 0);
        Interlocked.Exchange(ref twilioRejected, 0);
        Interlocked.Exchange(ref metaRejected, 0);
        Interlocked.Exchange(ref statusCallbacksSent, 0);
        Interlocked.Exchange(ref inboundWebhooksSent, 0);
        Interlocked.Exchange(ref callbacksRetried, 0);
        Interlocked.Exchange(ref callbacksFailed, 0);
        Interlocked.Exchange(ref callbacksDropped, 0);
        Interlocked.Exchange(ref answers, 0);
    }

    private static long Read(ref long field) => Interlocked.Read(ref field);
}

/// <summary>Messages accepted (201/200) per channel: the number the crash-safety test compares.</summary>
public sealed record ReceivedCounts(long TwilioSms, long TwilioWhatsApp, long Meta, long Total);

/// <summary>API requests answered with an error (auth, validation, injected faults, rate limits).</summary>
public sealed record RejectedCounts(long Twilio, long Meta);

public sealed record CallbackCounts(long StatusCallbacksSent, long InboundWebhooksSent, long Retried, long Failed, long Dropped);

public sealed record CounterSnapshot(ReceivedCounts Received, RejectedCounts Rejected, CallbackCounts Callbacks, long RecipientAnswers);
