using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CrisisConsole.Web.Data;

/// <summary>Stores a moment as Unix milliseconds (UTC), so SQLite can compare and sort it.</summary>
public sealed class UtcUnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.ToUnixTimeMilliseconds(),
    value => DateTimeOffset.FromUnixTimeMilliseconds(value));
