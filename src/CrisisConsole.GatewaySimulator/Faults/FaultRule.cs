namespace CrisisConsole.GatewaySimulator.Faults;

public enum FaultTarget
{
    Any,
    Twilio,
    Meta,
}

public enum FaultKind
{
    /// <summary>Refuse API requests with 429: Twilio 20429 (optional Retry-After), Meta 130429.</summary>
    RateLimited,

    /// <summary>Refuse API requests with a 5xx before anything is created.</summary>
    ServerError,

    /// <summary>Create the message, then answer with a 5xx (the outcome looks unknown to the client).</summary>
    ServerErrorAfterAccept,

    /// <summary>Create the message, then hold the request for HangMilliseconds and abort the connection.</summary>
    TimeoutAfterAccept,

    /// <summary>Refuse the send with ErrorCode (Twilio error JSON or Meta error envelope).</summary>
    RejectWithError,

    /// <summary>Accept the send, then fail it by callback with ErrorCode.</summary>
    FailAfterAccept,

    /// <summary>Send a status callback or webhook twice.</summary>
    DuplicateCallback,

    /// <summary>Never send a status callback or webhook.</summary>
    DropCallback,

    /// <summary>Hold a callback until the next one for the same message has been sent (or DelayMilliseconds passed).</summary>
    ReorderCallback,

    /// <summary>Send a callback DelayMilliseconds late.</summary>
    DelayCallback,
}

/// <summary>One switch of the fault injector. It fires with <see cref="Probability"/> until <see cref="Remaining"/> runs out.</summary>
public sealed class FaultRule
{
    public string Id { get; set; } = "";

    public FaultTarget Target { get; set; } = FaultTarget.Any;

    public FaultKind Kind { get; set; }

    /// <summary>Chance (0-1) that a matching request or callback is hit.</summary>
    public double Probability { get; set; } = 1;

    /// <summary>How many more times the rule fires; null means until removed.</summary>
    public int? Remaining { get; set; }

    /// <summary>RateLimited on Twilio: the Retry-After header, in seconds (none when null).</summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>ServerError kinds: the HTTP status (500 by default); RejectWithError: overrides the status of the code.</summary>
    public int? StatusCode { get; set; }

    /// <summary>RejectWithError and FailAfterAccept: the provider error code (e.g. 21612, 30007, 131049).</summary>
    public int? ErrorCode { get; set; }

    /// <summary>TimeoutAfterAccept: how long to hold the request before aborting it (0 aborts at once).</summary>
    public int? HangMilliseconds { get; set; }

    /// <summary>DelayCallback: the delay; ReorderCallback: the longest a callback is held.</summary>
    public int? DelayMilliseconds { get; set; }

    /// <summary>Only requests or callbacks concerning this recipient (E.164) are hit, when set.</summary>
    public string? Recipient { get; set; }

    public int Fired { get; set; }
}
