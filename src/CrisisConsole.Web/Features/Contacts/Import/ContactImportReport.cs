namespace CrisisConsole.Web.Features.Contacts.Import;

/// <summary>
/// The answer to an import, in this JSON shape for the API:
/// <c>{ "imported": n, "updated": n, "rejected": [ { "row": n, "reason": "..." } ] }</c>.
/// </summary>
public sealed record ContactImportReport(int Imported, int Updated, IReadOnlyList<ContactImportRejection> Rejected);
