namespace CrisisConsole.Web.Features.Contacts;

/// <summary>
/// CSV formula injection: a spreadsheet runs a cell that starts with = + - @ (or a tab or carriage
/// return) as a formula. Export prefixes such cells with a quote so they show as text; import removes
/// exactly that quote again, so an exported file round-trips.
/// </summary>
public static class CsvFormulaGuard
{
    public static bool IsDangerousStart(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';

    public static string Protect(string? cell) =>
        string.IsNullOrEmpty(cell) || !IsDangerousStart(cell[0]) ? cell ?? "" : "'" + cell;
}
