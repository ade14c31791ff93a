namespace CrisisConsole.Web.Features.ApiKeys.Pages.Dialogs;

/// <summary>A key just created, with its secret: passed from one dialog to the next, never stored.</summary>
public sealed record CreatedApiKey(string Name, string Scopes, string Secret);
