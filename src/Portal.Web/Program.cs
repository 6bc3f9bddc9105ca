using Portal.Core;
using Portal.Core.Hosting;
using Portal.Jobs.Hosting;
using Portal.Runs;
using Portal.Web.Features.Access;
using Portal.Web.Features.Account;
using Portal.Web.Features.Admin;
using Portal.Web.Features.Api;
using Portal.Web.Features.Datasets;
using Portal.Web.Features.Health;
using Portal.Web.Features.Jobs;
using Portal.Web.Features.Live;
using Portal.Web.Features.Localization;
using Portal.Web.Features.Projects;
using Portal.Web.Features.ResultPages;
using Portal.Web.Features.Runs;
using Portal.Web.Features.Sharing;
using Portal.Web.Features.Shell;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddSharedPortalSettings();

builder.AddPortalCore();
builder.AddPortalStorage();
builder.AddPortalIdentity();
builder.AddPortalAccess();
builder.AddPortalApi();
builder.AddPortalRateLimits();
builder.AddPortalAdminApi();
builder.AddPortalLocalization();
builder.AddPortalJobEngine();
builder.AddPortalRuns();
builder.AddPortalRunRecovery();
builder.AddPortalWorkRecovery();
builder.AddPortalInProcessWorker();
builder.AddPortalLiveChanges();
builder.AddPortalHealthChecks();
builder.AddPortalUi();

var app = builder.Build();
await app.InitializePortalAsync();

app.UsePortalPipeline();
app.MapPortalHealth();
app.MapCultureEndpoints();
app.MapAccountEndpoints();
app.MapPortalJobDashboard();
app.MapDatasetApi();
app.MapRunApi();
app.MapScoringApi();
app.MapShareApi();
app.MapProjectApi();
app.MapMeApi();
app.MapResultExports();
app.MapAdminEndpoints();
app.MapPortalApiDocument();
app.MapPortalPages();

app.Run();

/// <summary>Entry point, public for WebApplicationFactory in the integration tests.</summary>
public partial class Program;
