using Portal.Core.Data;
using Portal.Core.Hosting;
using Portal.Jobs.Hosting;

// A worker host: takes jobs from the queues in Worker:Queues out of the shared Hangfire storage.
var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddSharedPortalSettings();

builder.AddPortalDatabase();
builder.AddPortalJobEngine();
builder.AddPortalWorkerHost();
builder.AddPortalJobServer();

await builder.Build().RunAsync();
