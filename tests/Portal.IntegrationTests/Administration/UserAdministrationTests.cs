using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Accounts;
using Portal.Core.Features.Administration;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Runs;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests.Administration;

public sealed class UserAdministrationTests : IAsyncLifetime
{
    private readonly PortalFactory factory = new(new() { ["Worker:Queues"] = "default" }); // runs stay queued
    private PortalUser admin = default!;

    public async Task InitializeAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        admin = (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(PortalFactory.AdminEmail))!;
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private async Task<T> WithAsync<T>(Func<UserAdminService, Task<T>> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<UserAdminService>());
    }

    private async Task<UserSummary?> FindAsync(string userId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserDirectoryService>().FindAsync(userId);
    }

    private async Task<(string? Problem, IEnumerable<IdentityError> Errors)> AcceptAsync(string token, string password)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<InvitationService>().AcceptAsync(token, password);
    }

    [Fact]
    public async Task The_last_administrator_cannot_be_demoted_disabled_or_deleted_and_nobody_disables_or_deletes_themselves()
    {
        var analyst = await factory.CreateUserAsync("analyst@test.local", "river stone lantern 2026", Roles.Analyst);

        Assert.Equal("Admin.LastAdministrator", (await WithAsync(a => a.SetRoleAsync(admin.Id, admin.Id, Roles.Analyst))).Problem);
        Assert.Equal("Admin.NotYourself", (await WithAsync(a => a.SetDisabledAsync(admin.Id, admin.Id, true))).Problem);
        Assert.Equal("Admin.NotYourself", (await WithAsync(a => a.DeleteAsync(admin.Id, admin.Id, analyst.Id))).Problem);

        // With a second administrator, the first may step down; then the second is the last one.
        Assert.True((await WithAsync(a => a.SetRoleAsync(admin.Id, analyst.Id, Roles.Administrator))).Succeeded);
        Assert.True((await WithAsync(a => a.SetRoleAsync(analyst.Id, admin.Id, Roles.Viewer))).Succeeded);
        Assert.Equal("Admin.LastAdministrator", (await WithAsync(a => a.SetDisabledAsync(admin.Id, analyst.Id, true))).Problem);
        Assert.Equal("Admin.LastAdministrator", (await WithAsync(a => a.DeleteAsync(admin.Id, analyst.Id, admin.Id))).Problem);

        var summary = await FindAsync(admin.Id);
        Assert.Equal(Roles.Viewer, summary!.Role);
    }

    [Fact]
    public async Task A_disabled_user_cannot_sign_in_or_use_a_token_and_is_enabled_again_by_an_administrator()
    {
        var analyst = await factory.CreateUserAsync("analyst@test.local", "river stone lantern 2026", Roles.Analyst);
        string secret;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            secret = (await scope.ServiceProvider.GetRequiredService<AccessTokenService>().CreateAsync(analyst.Id, "script", 30))!.Secret;
        }

        Assert.True((await WithAsync(a => a.SetDisabledAsync(admin.Id, analyst.Id, true))).Succeeded);

        var session = new PortalSession(factory.CreateBrowserLikeClient());
        var signIn = await session.SignInAsync("analyst@test.local", "river stone lantern 2026");
        Assert.Contains("This account has been disabled by an administrator.", await signIn.Content.ReadAsStringAsync());
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/runs")).StatusCode);

        Assert.True((await WithAsync(a => a.SetDisabledAsync(admin.Id, analyst.Id, false))).Succeeded);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/runs")).StatusCode);
        var again = await new PortalSession(factory.CreateBrowserLikeClient()).SignInAsync("analyst@test.local", "river stone lantern 2026");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
    }

    [Fact]
    public async Task An_invitation_link_sets_the_first_password_once_and_not_after_it_expires()
    {
        var created = await WithAsync(a => a.CreateAsync(admin.Id, "invited@test.local", "Invited", Roles.Viewer, invite: true));
        Assert.True(created.Succeeded);
        var token = created.Secret!;

        Assert.Equal("Invitation.Password", (await AcceptAsync(token, "short")).Problem);
        Assert.Null((await AcceptAsync(token, "a quiet lake in autumn")).Problem);
        Assert.Equal("Invitation.Invalid", (await AcceptAsync(token, "another quiet lake here")).Problem);
        var signIn = await new PortalSession(factory.CreateBrowserLikeClient()).SignInAsync("invited@test.local", "a quiet lake in autumn");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var late = await WithAsync(a => a.CreateAsync(admin.Id, "late@test.local", null, Roles.Viewer, invite: true));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            await db.Invitations.Where(i => i.UserId == late.UserId).ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
        }

        Assert.Equal("Invitation.Invalid", (await AcceptAsync(late.Secret!, "a quiet lake in autumn")).Problem);
        Assert.Equal("Admin.EmailTaken", (await WithAsync(a => a.CreateAsync(admin.Id, "late@test.local", null, Roles.Viewer, invite: false))).Problem);
        Assert.Equal("Admin.EmailInvalid", (await WithAsync(a => a.CreateAsync(admin.Id, "not an address", null, Roles.Viewer, invite: false))).Problem);
    }

    [Fact]
    public async Task A_temporary_password_must_be_changed_at_first_sign_in()
    {
        var created = await WithAsync(a => a.CreateAsync(admin.Id, "temp@test.local", null, Roles.Analyst, invite: false));
        var session = new PortalSession(factory.CreateBrowserLikeClient());
        await session.SignInAsync("temp@test.local", created.Secret!);

        var home = await session.Client.GetAsync("/datasets");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/Account/Manage/ChangePassword", PortalSession.Location(home));

        var reset = await WithAsync(a => a.ForcePasswordResetAsync(admin.Id, created.UserId!));
        Assert.NotEqual(created.Secret, reset.Secret);
        var old = await new PortalSession(factory.CreateBrowserLikeClient()).SignInAsync("temp@test.local", created.Secret!);
        Assert.Equal(HttpStatusCode.OK, old.StatusCode); // the form again: the old password no longer works
    }

    [Fact]
    public async Task A_quota_override_takes_effect_on_the_next_submit_and_the_next_upload()
    {
        var analyst = await factory.CreateUserAsync("analyst@test.local", "river stone lantern 2026", Roles.Analyst);
        var dataset = await RunHarness.ImportSampleAsync(factory.Services, analyst.Id, "trade-panel.csv");
        var request = await RunHarness.ProposalAsync(factory.Services, analyst.Id, dataset);
        Assert.True((await RunHarness.SubmitAsync(factory.Services, analyst.Id, request)).Succeeded);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var quotas = scope.ServiceProvider.GetRequiredService<QuotaService>();
            Assert.True(await quotas.SetOverridesAsync(admin.Id, new UserQuota { UserId = analyst.Id, MaxActiveRuns = 1, StorageBytes = 0 }));
            Assert.False(await quotas.SetOverridesAsync(admin.Id, new UserQuota { UserId = analyst.Id, MaxActiveRuns = -1 }));
            var usage = await quotas.UsageAsync(analyst.Id);
            Assert.Equal((1, 1, 0L), (usage.ActiveRuns, usage.Limits.MaxActiveRuns, usage.Limits.StorageBytes));
        }

        var refused = await RunHarness.SubmitAsync(factory.Services, analyst.Id, request);
        Assert.Equal(("Quota.ActiveRuns", SubmitOutcomeName: "OverQuota"), (refused.Problems[0].Code, SubmitOutcomeName: refused.Outcome.ToString()));

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var upload = await scope.ServiceProvider.GetRequiredService<Portal.Core.Features.Datasets.DatasetIngestService>()
                .UploadTableAsync(analyst.Id, "small.csv", new MemoryStream(Encoding.UTF8.GetBytes("a,b\n1,2\n3,4\n")));
            Assert.Equal("Upload.OverQuota", upload.Problem?.Code);
        }

        // Other users keep the defaults.
        var other = await RunHarness.ImportSampleAsync(factory.Services, "someone-else", "trade-panel.csv");
        Assert.True((await RunHarness.SubmitAsync(factory.Services, "someone-else", await RunHarness.ProposalAsync(factory.Services, "someone-else", other))).Succeeded);
    }

    [Fact]
    public async Task Deleting_a_user_hands_their_datasets_and_runs_to_another_user()
    {
        var leaving = await factory.CreateUserAsync("leaving@test.local", "river stone lantern 2026", Roles.Analyst);
        var heir = await factory.CreateUserAsync("heir@test.local", "amber fields of june", Roles.Analyst);
        var dataset = await RunHarness.ImportSampleAsync(factory.Services, leaving.Id, "trade-panel.csv");
        var run = (await RunHarness.SubmitAsync(factory.Services, leaving.Id, await RunHarness.ProposalAsync(factory.Services, leaving.Id, dataset))).Run!;

        Assert.Equal("Admin.TransferInvalid", (await WithAsync(a => a.DeleteAsync(admin.Id, leaving.Id, leaving.Id))).Problem);
        Assert.True((await WithAsync(a => a.DeleteAsync(admin.Id, leaving.Id, heir.Id))).Succeeded);

        Assert.Null(await FindAsync(leaving.Id));
        var moved = await RunHarness.GetAsync(factory.Services, run.Id);
        Assert.Equal(heir.Id, moved.OwnerId);
        await using (var check = factory.Services.CreateAsyncScope())
        {
            var heirs = await check.ServiceProvider.GetRequiredService<Portal.Core.Features.Projects.ProjectService>().ListAsync(heir.Id);
            Assert.Contains(heirs, p => p.Project.Id == moved.ProjectId && p.Project.Name == "Personal (leaving@test.local)" && !p.Project.IsPersonal);
        }

        await using var scope = factory.Services.CreateAsyncScope();
        Assert.NotNull(await scope.ServiceProvider.GetRequiredService<Portal.Core.Features.Datasets.DatasetQueryService>().FindAsync(heir.Id, dataset.Id));
    }

    [Fact]
    public async Task The_audit_export_is_safe_in_spreadsheets_and_the_verify_api_is_for_administrators_only()
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AuditLog>().AppendAsync(new AuditEvent("dataset.upload", "=HYPERLINK(\"http://evil\")", AuditOutcome.Failure, null, "@attacker", null, "+1-2"));
        }

        var session = new PortalSession(factory.CreateBrowserLikeClient());
        await session.SignInAsync(PortalFactory.AdminEmail, PortalFactory.AdminPassword);
        var csv = await session.Client.GetAsync("/admin/export/audit.csv?action=dataset.upload");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", text);
        Assert.Contains(",'@attacker,", text);
        Assert.Contains(",'+1-2,", text);
        Assert.DoesNotContain("account.sign-in", text); // filtered by action

        var verify = JsonDocument.Parse(await session.Client.GetStringAsync("/api/admin/audit/verify")).RootElement;
        Assert.True(verify.GetProperty("intact").GetBoolean());

        await factory.CreateUserAsync("analyst@test.local", "river stone lantern 2026", Roles.Analyst);
        var analyst = new PortalSession(factory.CreateBrowserLikeClient());
        await analyst.SignInAsync("analyst@test.local", "river stone lantern 2026");
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.Client.GetAsync("/api/admin/audit/verify")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await analyst.Client.GetAsync("/admin/export/audit.csv")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await analyst.Client.GetAsync("/admin/export/usage.csv")).StatusCode);
    }
}

public sealed class CookiePolicyTests
{
    [Fact]
    public async Task In_production_the_sign_in_cookie_is_secure_http_only_and_same_site()
    {
        await using var factory = new PortalFactory { EnvironmentName = "Production" };
        var cookie = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>>()
            .Get(IdentityConstants.ApplicationScheme).Cookie;

        Assert.Equal(Microsoft.AspNetCore.Http.CookieSecurePolicy.Always, cookie.SecurePolicy);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(Microsoft.AspNetCore.Http.SameSiteMode.Lax, cookie.SameSite);
    }
}
