namespace CrisisConsole.GatewaySimulator.Recipients;

/// <summary>The provider id of a simulated inbound message, and why it could not be posted to the app, if it could not.</summary>
public sealed record InboundResult(string MessageId, string? Problem);
