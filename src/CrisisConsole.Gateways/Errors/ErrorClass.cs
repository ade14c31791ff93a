using CrisisConsole.Gateways.Messaging;

namespace CrisisConsole.Gateways.Errors;

/// <summary>What a provider error code means for the sender: try again later, or a permanent kind.</summary>
public readonly record struct ErrorClass(bool IsTransient, PermanentFailureKind Kind)
{
    public static ErrorClass Transient { get; } = new(true, PermanentFailureKind.Other);

    public static ErrorClass Permanent(PermanentFailureKind kind) => new(false, kind);
}
