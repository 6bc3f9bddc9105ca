using Portal.Core;
using Portal.Core.Hosting;
using Portal.Jobs.Hosting;
using Portal.Runs;

// A worker host: takes jobs from the queues in Worker:Queues out of the shared Hangfire storage.
var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddSharedPortalSettings();

builder.AddPortalCore(); // workers may take the interactive queue, where large uploads are checked and files scored
builder.AddPortalJobEngine();
builder.AddPortalRuns();
builder.AddPortalWorkerHost();
builder.AddPortalJobServer();

await builder.Build().RunAsync();
