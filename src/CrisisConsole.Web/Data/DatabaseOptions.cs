using System.ComponentModel.DataAnnotations;

namespace CrisisConsole.Web.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>SQLite connection string. The default keeps the file under data/ beside the working directory.</summary>
    [Required(ErrorMessage = "Database:ConnectionString must be set, for example 'Data Source=data/crisisconsole.db'.")]
    public string ConnectionString { get; set; } = "Data Source=data/crisisconsole.db";
}
