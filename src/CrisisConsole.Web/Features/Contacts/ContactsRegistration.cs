using CrisisConsole.Web.Features.Contacts.Demo;
using CrisisConsole.Web.Features.Contacts.Import;
using CrisisConsole.Web.Hosting;

namespace CrisisConsole.Web.Features.Contacts;

public static class ContactsRegistration
{
    public static void AddContacts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ContactService>();
        builder.Services.AddSingleton<ContactImporter>();
        builder.Services.AddSingleton<ContactCsvExporter>();
        builder.Services.AddScoped<IStartupInitializer, DemoContactSeeder>();
    }
}
