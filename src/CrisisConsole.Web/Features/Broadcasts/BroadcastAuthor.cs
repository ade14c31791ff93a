using CrisisConsole.Web.Features.Audit;

namespace CrisisConsole.Web.Features.Broadcasts;

/// <summary>
/// The ids stored in <see cref="Broadcast.CreatedById"/> and <see cref="Broadcast.DecidedById"/>:
/// "user:{id}" for people and "apikey:{id}" for integrations, so the four-eyes rule compares like with like.
/// </summary>
public static class BroadcastAuthor
{
    public const string ApiKeyPrefix = "apikey:";
    public const string UserPrefix = "user:";

    public static string IdOf(AuditActor actor) =>
        actor.Id.StartsWith(ApiKeyPrefix, StringComparison.Ordinal) || actor.Id.StartsWith(UserPrefix, StringComparison.Ordinal) || actor == AuditActor.System
            ? actor.Id
            : UserPrefix + actor.Id;

    public static bool IsAuthor(Broadcast broadcast, AuditActor actor) =>
        string.Equals(broadcast.CreatedById, IdOf(actor), StringComparison.Ordinal);
}
