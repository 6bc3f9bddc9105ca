using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;
using Portal.Core.Data;
using Portal.Core.Features.Accounts;
using Portal.Core.Features.Storage;
using Portal.Web.Components;
using Portal.Web.Features.Account;
using Portal.Web.Features.Api;
using Portal.Web.Features.Datasets;

namespace Portal.Web.Features.Shell;

public static class StartupExtensions
{
    public static WebApplicationBuilder AddPortalStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName);

        // Sign-in cookies and antiforgery tokens must survive a restart of the portal.
        var storage = builder.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        var keys = Path.Combine(storage.ResolveDataDirectory(builder.Environment.ContentRootPath), "keys");
        builder.Services.AddDataProtection().SetApplicationName("Concordia").PersistKeysToFileSystem(new DirectoryInfo(keys));
        return builder;
    }

    public static WebApplicationBuilder AddPortalUi(this WebApplicationBuilder builder)
    {
        // Serve package assets (MudBlazor's CSS and JS) from a build output in every environment, not only Development;
        // a published app has them copied and this is a no-op.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddScoped<SampleDataService>();
        return builder;
    }

    /// <summary>Applies migrations (behind Database:ApplyMigrationsOnStart) and seeds roles and the first administrator.</summary>
    public static async Task InitializePortalAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateIfEnabledAsync();
        await scope.ServiceProvider.GetRequiredService<AdministratorSeeder>().SeedAsync();
    }

    public static WebApplication UsePortalPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }

        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseApiProblems();
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuditSource();
        app.UseAccessTokens();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<MustChangePasswordMiddleware>();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapPortalPages(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
