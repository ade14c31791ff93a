using CrisisConsole.Gateways.Messaging;

namespace CrisisConsole.Gateways.Errors;

/// <summary>WhatsApp Cloud API error codes (gateways.md B.1). Meta asks clients to decide on the code, not the HTTP status.</summary>
public static class MetaErrorCodes
{
    public const int ThroughputReached = 130429;
    public const int PairRateLimit = 131056;
    public const int WabaRateLimit = 80007;
    public const int AppRateLimit = 4;
    public const int NotOnWhatsApp = 131026;
    public const int ReEngagement = 131047;
    public const int TemplateMissing = 132001;

    private static readonly Dictionary<int, ErrorClass> Classes = new()
    {
        [0] = ErrorClass.Permanent(PermanentFailureKind.AccountProblem),
        [190] = ErrorClass.Permanent(PermanentFailureKind.AccountProblem),
        [3] = ErrorClass.Permanent(PermanentFailureKind.AccountProblem),
        [10] = ErrorClass.Permanent(PermanentFailureKind.AccountProblem),
        [4] = ErrorClass.Transient,
        [80007] = ErrorClass.Transient,
        [130429] = ErrorClass.Transient,
        [131056] = ErrorClass.Transient,
        [131048] = ErrorClass.Permanent(PermanentFailureKind.AccountProblem),
        [131049] = ErrorClass.Permanent(PermanentFailureKind.RecipientLimited),
        [131047] = ErrorClass.Permanent(PermanentFailureKind.WindowClosed),
        [131026] = ErrorClass.Permanent(PermanentFailureKind.NotOnWhatsApp),
        [131050] = ErrorClass.Permanent(PermanentFailureKind.OptedOut),
        [131051] = ErrorClass.Permanent(PermanentFailureKind.InvalidRequest),
        [131052] = ErrorClass.Permanent(PermanentFailureKind.ContentRejected),
        [131053] = ErrorClass.Permanent(PermanentFailureKind.ContentRejected),
        [131000] = ErrorClass.Transient,
        [131016] = ErrorClass.Transient,
        [2] = ErrorClass.Transient,
        [1] = ErrorClass.Transient,
        [131008] = ErrorClass.Permanent(PermanentFailureKind.InvalidRequest),
        [131009] = ErrorClass.Permanent(PermanentFailureKind.InvalidRequest),
        [100] = ErrorClass.Permanent(PermanentFailureKind.InvalidRequest),
        [131021] = ErrorClass.Permanent(PermanentFailureKind.InvalidRequest),
        [131042] = ErrorClass.Permanent(PermanentFailureKind.AccountProblem),
        [131045] = ErrorClass.Permanent(PermanentFailureKind.AccountProblem),
        [133010] = ErrorClass.Permanent(PermanentFailureKind.AccountProblem),
        [131057] = ErrorClass.Transient,
        [368] = ErrorClass.Permanent(PermanentFailureKind.AccountProblem),
        [131031] = ErrorClass.Permanent(PermanentFailureKind.AccountProblem),
        [130497] = ErrorClass.Permanent(PermanentFailureKind.Unroutable),
    };

    public static ErrorClass Classify(int code)
    {
        if (Classes.TryGetValue(code, out var errorClass))
        {
            return errorClass;
        }

        // 132000, 132001, 132005, 132007, 132012, 132015, 132016 and any other template code.
        if (code is >= 132000 and < 133000)
        {
            return ErrorClass.Permanent(PermanentFailureKind.TemplateProblem);
        }

        // 200-299: a permission missing or revoked.
        if (code is >= 200 and < 300)
        {
            return ErrorClass.Permanent(PermanentFailureKind.AccountProblem);
        }

        return ErrorClass.Permanent(PermanentFailureKind.Other);
    }

    public static ErrorClass Classify(string? code) =>
        int.TryParse(code, out var number) ? Classify(number) : ErrorClass.Permanent(PermanentFailureKind.Other);

    /// <summary>Rate limits: Meta refused the request before doing anything, so trying again shortly is safe.</summary>
    public static bool IsSafeToRetryNow(int code) =>
        code is ThroughputReached or PairRateLimit or WabaRateLimit or AppRateLimit;
}
