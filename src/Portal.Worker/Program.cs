using Portal.Core.Data;
using Portal.Core.Features.Datasets;
using Portal.Core.Features.Storage;
using Portal.Core.Hosting;
using Portal.Jobs.Hosting;
using Portal.Jobs.Runs;

// A worker host: takes jobs from the queues in Worker:Queues out of the shared Hangfire storage.
var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddSharedPortalSettings();

builder.AddPortalDatabase();
builder.AddPortalArtefacts();
builder.AddPortalDatasets(); // workers may take the default queue, where large uploads are checked
builder.AddPortalJobEngine();
builder.AddPortalRuns();
builder.AddPortalWorkerHost();
builder.AddPortalJobServer();

await builder.Build().RunAsync();
