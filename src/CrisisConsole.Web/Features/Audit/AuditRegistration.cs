using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CrisisConsole.Web.Features.Audit;

public static class AuditRegistration
{
    public static void AddAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<AuditQueryService>();
        builder.Services.AddSingleton<IInterceptor, AppendOnlyAuditInterceptor>();
        builder.Services.AddHttpContextAccessor();
    }
}
