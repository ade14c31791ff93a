using CrisisConsole.Gateways.Messaging;

namespace CrisisConsole.Gateways.Errors;

/// <summary>
/// Twilio error codes (gateways.md A.1 and A.2), synchronous and asynchronous alike. Twilio re-splits
/// codes over time, so an unknown code is a permanent "Other" rather than a crash.
/// </summary>
public static class TwilioErrorCodes
{
    public const int AuthenticationFailed = 20003;
    public const int TooManyRequests = 20429;
    public const int InvalidToNumber = 21211;
    public const int OptedOut = 21610;
    public const int WindowClosed = 63016;

    private static readonly Dictionary<int, ErrorClass> Classes = new()
    {
        [20003] = ErrorClass.Permanent(PermanentFailureKind.AccountProblem),
        [20429] = ErrorClass.Transient,
        [21211] = ErrorClass.Permanent(PermanentFailureKind.InvalidNumber),
        [21408] = ErrorClass.Permanent(PermanentFailureKind.Unroutable),
        [21608] = ErrorClass.Permanent(PermanentFailureKind.AccountProblem),
        [21609] = ErrorClass.Permanent(PermanentFailureKind.InvalidRequest),
        [21610] = ErrorClass.Permanent(PermanentFailureKind.OptedOut),
        [21612] = ErrorClass.Permanent(PermanentFailureKind.Unroutable),
        [21614] = ErrorClass.Permanent(PermanentFailureKind.InvalidNumber),
        [21635] = ErrorClass.Permanent(PermanentFailureKind.InvalidNumber),
        [21606] = ErrorClass.Permanent(PermanentFailureKind.AccountProblem),
        [21659] = ErrorClass.Permanent(PermanentFailureKind.AccountProblem),
        [30001] = ErrorClass.Transient, // queue overflow
        [30002] = ErrorClass.Permanent(PermanentFailureKind.AccountProblem),
        [30003] = ErrorClass.Transient, // handset off or out of coverage; may work later
        [30005] = ErrorClass.Permanent(PermanentFailureKind.InvalidNumber),
        [30006] = ErrorClass.Permanent(PermanentFailureKind.Unroutable),
        [30007] = ErrorClass.Permanent(PermanentFailureKind.Filtered),
        [30008] = ErrorClass.Transient, // unknown carrier error
        [30450] = ErrorClass.Transient, // SMS-pumping protection, lifts after 15-30 min
        [63014] = ErrorClass.Permanent(PermanentFailureKind.OptedOut),
        [63016] = ErrorClass.Permanent(PermanentFailureKind.WindowClosed),
        [63017] = ErrorClass.Transient,
        [63018] = ErrorClass.Transient,
        [63021] = ErrorClass.Permanent(PermanentFailureKind.ContentRejected),
        [11200] = ErrorClass.Permanent(PermanentFailureKind.Other),
    };

    public static ErrorClass Classify(int code) =>
        Classes.TryGetValue(code, out var errorClass) ? errorClass : ErrorClass.Permanent(PermanentFailureKind.Other);

    public static ErrorClass Classify(string? code) =>
        int.TryParse(code, out var number) ? Classify(number) : ErrorClass.Permanent(PermanentFailureKind.Other);

    /// <summary>Only a concurrency refusal is known never to have been processed, so only it is retried at once.</summary>
    public static bool IsSafeToRetryNow(int code) => code == TooManyRequests;
}
