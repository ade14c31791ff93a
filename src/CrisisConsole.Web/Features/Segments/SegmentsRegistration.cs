namespace CrisisConsole.Web.Features.Segments;

public static class SegmentsRegistration
{
    public static void AddSegments(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SegmentService>();
    }
}
