using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Accounts;
using Portal.Core.Features.Administration;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Datasets;
using Portal.Core.Features.Diagnostics;
using Portal.Core.Features.Projects;
using Portal.Core.Features.Runs;
using Portal.Core.Features.Sharing;
using Portal.IntegrationTests.Infrastructure;
using Portal.Runs.Planning;
using Portal.Runs.Scoring;
using Portal.Runs.Starting;

namespace Portal.IntegrationTests;

/// <summary>
/// Every state change is audited inside the service that makes it, so a new page or endpoint cannot forget it. The
/// first test makes every public service method be declared either audited (with its action) or not a change; the
/// second calls each audited one and sees its entry appear.
/// </summary>
public sealed class AuditCompletenessTests : IAsyncLifetime
{
    /// <summary>Each state-changing service method and the action it records (overloads share a name).</summary>
    private static readonly Dictionary<string, string> Audited = new()
    {
        ["DatasetIngestService.UploadAsync"] = AuditActions.DatasetUpload,
        ["DatasetIngestService.UploadTableAsync"] = AuditActions.DatasetUpload,
        ["DatasetEditService.UpdateAsync"] = AuditActions.DatasetUpdate,
        ["DatasetEditService.MoveToProjectAsync"] = AuditActions.DatasetMove,
        ["DatasetEditService.SetArchivedAsync"] = AuditActions.DatasetArchive,
        ["DatasetEditService.DeleteAsync"] = AuditActions.DatasetDelete,
        ["ProjectService.CreateAsync"] = AuditActions.ProjectCreate,
        ["ProjectService.AddMemberAsync"] = AuditActions.ProjectMemberAdd,
        ["ProjectService.RemoveMemberAsync"] = AuditActions.ProjectMemberRemove,
        ["RunSubmissionService.SubmitAsync"] = AuditActions.RunSubmit,
        ["RunSubmissionService.RetryAsync"] = AuditActions.RunSubmit,
        ["RunSubmissionService.CancelAsync"] = AuditActions.RunCancel,
        ["RunSubmissionService.CancelAsAdministratorAsync"] = AuditActions.RunCancelByAdmin,
        ["ScoringService.StartAsync"] = AuditActions.RunScore,
        ["ShareService.ShareWithUserAsync"] = AuditActions.ShareCreate,
        ["ShareService.CreateLinkAsync"] = AuditActions.ShareCreate,
        ["ShareService.ShareWithProjectAsync"] = AuditActions.ShareCreate,
        ["ShareService.OpenLinkAsync"] = AuditActions.ShareOpen,
        ["ShareService.UserShareAsync"] = AuditActions.ShareOpen,
        ["ShareService.RevokeAsync"] = AuditActions.ShareRevoke,
        ["AccessTokenService.CreateAsync"] = AuditActions.TokenCreate,
        ["AccessTokenService.RevokeAsync"] = AuditActions.TokenRevoke,
        ["UserAdminService.CreateAsync"] = AuditActions.UserCreate,
        ["InvitationService.AcceptAsync"] = AuditActions.InvitationAccept,
        ["UserAdminService.SetRoleAsync"] = AuditActions.RoleChange,
        ["UserAdminService.SetDisabledAsync"] = AuditActions.UserDisable,
        ["UserAdminService.UnlockAsync"] = AuditActions.UserUnlock,
        ["UserAdminService.ForcePasswordResetAsync"] = AuditActions.UserPasswordReset,
        ["UserAdminService.DeleteAsync"] = AuditActions.UserDelete,
        ["QuotaService.SetOverridesAsync"] = AuditActions.QuotaChange,
        ["UserPreferencesService.SetDarkModeAsync"] = AuditActions.PreferenceChange,
        ["DiagnosticsService.RequestPingAsync"] = AuditActions.DiagnosticPing,
    };

    /// <summary>Public service methods that change nothing a person asked for, each with the reason.</summary>
    private static readonly Dictionary<string, string> NotAudited = new()
    {
        ["DatasetIngestService.StorageUsedAsync"] = "read",
        ["DatasetCheckService.CheckAsync"] = "the background check of an upload that was audited when it arrived",
        ["DatasetQueryService.FindAsync"] = "read",
        ["DatasetQueryService.ListAsync"] = "read",
        ["DatasetQueryService.OwnerNamesAsync"] = "read",
        ["DatasetQueryService.PreviewAsync"] = "read",
        ["ProjectService.PersonalAsync"] = "creates the caller's personal space on first use: bookkeeping, not a request",
        ["ProjectService.ListAsync"] = "read",
        ["ProjectService.MembersAsync"] = "read",
        ["ProjectService.ManagesAsync"] = "read",
        ["ProjectService.MemberRunsAsync"] = "read",
        ["ProjectService.FindAsync"] = "read",
        ["ProjectService.WritableAsync"] = "read",
        ["ProjectService.MembershipsAsync"] = "read",
        ["ProjectService.ShareTargetsAsync"] = "read",
        ["ShareService.ListAsync"] = "read",
        ["ShareService.SharedWithAsync"] = "read",
        ["AccessTokenService.ListAsync"] = "read",
        ["AccessTokenService.ValidateAsync"] = "signs a request in and notes the token's last use",
        ["InvitationService.CreateAsync"] = "part of UserAdminService.CreateAsync, which audits it",
        ["UserDirectoryService.ListAsync"] = "read",
        ["UserDirectoryService.FindAsync"] = "read",
        ["UsageService.ReportAsync"] = "read",
        ["QuotaService.LimitsAsync"] = "read",
        ["QuotaService.OverridesAsync"] = "read",
        ["QuotaService.UsageAsync"] = "read",
        ["UserPreferencesService.GetAsync"] = "read",
        ["DiagnosticsService.FindAsync"] = "read",
        ["DiagnosticsService.WaitForAnswerAsync"] = "read",
        ["RunSubmissionService.ProposeAsync"] = "read",
        ["RunSubmissionService.ProposeTaskAsync"] = "read",
        ["RunSubmissionService.CheckAsync"] = "read",
        ["RunSubmissionService.CloneAsync"] = "read (a clone is audited when it is submitted)",
        ["RunQueryService.FindAsync"] = "read",
        ["RunQueryService.ListAsync"] = "read",
        ["RunQueryService.MetricsAsync"] = "read",
        ["RunQueryService.LogTailAsync"] = "read",
        ["RunQueryService.HostsAsync"] = "read",
        ["RunResultService.LoadAsync"] = "read",
        ["RunResultService.LoadForLinkAsync"] = "read",
        ["RunResultService.ModelFile"] = "read",
        ["RunResultService.ModelCardMarkdown"] = "read",
        ["ScoringService.InputsAsync"] = "read",
        ["ScoringService.PredictAsync"] = "computes one prediction and stores nothing",
        ["ScoringService.ListAsync"] = "read",
        ["ScoringService.FindAsync"] = "read",
        ["RunSubmissionService.NamesStartingAsync"] = "read (the names a default run name must avoid)",
        ["ScoringService.OutputAsync"] = "read (the download is audited by the endpoint's download filter)",
        ["ScoringService.RunAsync"] = "the background job of a scoring that was audited when it was started",
        ["RunRecoveryService.SweepAsync"] = "the portal's own recovery of runs whose host vanished (logged in each run's log)",
    };

    private readonly PortalFactory factory = new();
    private readonly HashSet<string> exercised = [];
    private PortalUser analyst = default!;
    private PortalUser colleague = default!;
    private PortalUser admin = default!;

    public async Task InitializeAsync()
    {
        analyst = await factory.CreateUserAsync("audited@test.local", "river stone lantern 2026", Roles.Analyst);
        colleague = await factory.CreateUserAsync("colleague@test.local", "amber fields of june", Roles.Analyst);
        await using var scope = factory.Services.CreateAsyncScope();
        admin = (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(PortalFactory.AdminEmail))!;
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private static IEnumerable<string> ServiceMethods() =>
        new[] { typeof(DatasetIngestService).Assembly, typeof(RunSubmissionService).Assembly }
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.Name.EndsWith("Service", StringComparison.Ordinal))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName)
                .Select(m => $"{t.Name}.{m.Name}"))
            .Distinct();

    [Fact]
    public void Every_public_service_method_is_declared_audited_or_not_a_change()
    {
        var methods = ServiceMethods().ToHashSet();
        var undeclared = methods.Where(m => !Audited.ContainsKey(m) && !NotAudited.ContainsKey(m)).Order().ToList();
        var stale = Audited.Keys.Concat(NotAudited.Keys).Where(m => !methods.Contains(m)).Order().ToList();

        Assert.True(undeclared.Count == 0,
            "Declare these in AuditCompletenessTests (audited, with the action they record, or why they change nothing): " + string.Join(", ", undeclared));
        Assert.True(stale.Count == 0, "These are declared but no longer exist: " + string.Join(", ", stale));
    }

    private async Task<TResult> ExpectAsync<TService, TResult>(string method, Func<TService, Task<TResult>> call)
        where TService : notnull
    {
        var action = Audited[method];
        await using var scope = factory.Services.CreateAsyncScope();
        var before = await CountAsync(action);
        var result = await call(scope.ServiceProvider.GetRequiredService<TService>());
        Assert.True(await CountAsync(action) > before, $"{method} wrote no '{action}' entry.");
        exercised.Add(method);
        return result;
    }

    private Task ExpectAsync<TService>(string method, Func<TService, Task> call)
        where TService : notnull =>
        ExpectAsync<TService, bool>(method, async s => { await call(s); return true; });

    private async Task<int> CountAsync(string action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.AuditLog.CountAsync(e => e.Action == action);
    }

    private static MemoryStream Csv() => new(Encoding.UTF8.GetBytes(
        "x,y\n" + string.Concat(Enumerable.Range(1, 40).Select(i => $"{i * 2},{i * 4 + (i % 3)}\n")))); // x 1, 2, 3… would be a row number

    [Fact]
    public async Task Each_audited_service_method_writes_its_entry()
    {
        var dataset = (await ExpectAsync<DatasetIngestService, IngestResult>("DatasetIngestService.UploadAsync",
            s => s.UploadAsync(analyst.Id, "audited.csv", Csv(), DatasetKind.Table))).Dataset!;
        var spare = (await ExpectAsync<DatasetIngestService, IngestResult>("DatasetIngestService.UploadTableAsync",
            s => s.UploadTableAsync(analyst.Id, "spare.csv", Csv()))).Dataset!;
        var project = (await ExpectAsync<ProjectService, (Project? Project, string? Problem)>("ProjectService.CreateAsync",
            s => s.CreateAsync(analyst.Id, "Audit desk", null))).Project!;
        await ExpectAsync<ProjectService>("ProjectService.AddMemberAsync",
            s => s.AddMemberAsync(analyst.Id, project.Id, colleague.Email!, ProjectRole.Viewer));
        await ExpectAsync<ProjectService>("ProjectService.RemoveMemberAsync", s => s.RemoveMemberAsync(analyst.Id, project.Id, colleague.Id));
        await ExpectAsync<DatasetEditService>("DatasetEditService.UpdateAsync", s => s.UpdateAsync(analyst.Id, spare.Id, "Spare table", null));
        await ExpectAsync<DatasetEditService>("DatasetEditService.MoveToProjectAsync", s => s.MoveToProjectAsync(analyst.Id, spare.Id, project.Id));
        await ExpectAsync<DatasetEditService>("DatasetEditService.SetArchivedAsync",
            s => s.SetArchivedAsync(analyst.Id, spare.Id, true, DateTimeOffset.UtcNow));
        await ExpectAsync<DatasetEditService>("DatasetEditService.DeleteAsync", s => s.DeleteAsync(analyst.Id, spare.Id));

        var run = await ExpectAsync<RunSubmissionService, Run>("RunSubmissionService.SubmitAsync",
            _ => RunHarness.TrainQuickModelAsync(factory.Services, analyst.Id, dataset));
        var draft = new RunDraft { DatasetId = dataset.Id, Settings = new Dictionary<string, JsonNode?> { ["epochs"] = 500 } };
        var queued = (await ExpectAsync<RunSubmissionService, SubmitResult>("RunSubmissionService.SubmitAsync",
            s => s.SubmitAsync(analyst.Id, draft))).Run!;
        await ExpectAsync<RunSubmissionService>("RunSubmissionService.CancelAsync", s => s.CancelAsync(analyst.Id, queued.Id));
        var retried = (await ExpectAsync<RunSubmissionService, SubmitResult>("RunSubmissionService.RetryAsync",
            s => s.RetryAsync(analyst.Id, queued.Id))).Run!;
        await ExpectAsync<RunSubmissionService>("RunSubmissionService.CancelAsAdministratorAsync",
            s => s.CancelAsAdministratorAsync(admin.Id, retried.Id));
        await ExpectAsync<ScoringService>("ScoringService.StartAsync", s => s.StartAsync(analyst.Id, run.Id, "new.csv", Csv()));

        await ExpectAsync<ShareService>("ShareService.ShareWithUserAsync", s => s.ShareWithUserAsync(analyst.Id, run.Id, colleague.Email!));
        await ExpectAsync<ShareService>("ShareService.ShareWithProjectAsync", s => s.ShareWithProjectAsync(analyst.Id, run.Id, project.Id));
        var (token, _) = await ExpectAsync<ShareService, (string? Token, string? Problem)>("ShareService.CreateLinkAsync",
            s => s.CreateLinkAsync(analyst.Id, run.Id, 7, requireSignIn: true));
        await ExpectAsync<ShareService>("ShareService.OpenLinkAsync", s => s.OpenLinkAsync(token!, colleague.Id, "192.0.2.7"));
        await ExpectAsync<ShareService>("ShareService.UserShareAsync", s => s.UserShareAsync(colleague.Id, run.Id, null));
        await ExpectAsync<ShareService>("ShareService.RevokeAsync", async s =>
            await s.RevokeAsync(analyst.Id, (await s.ListAsync(analyst.Id, run.Id))[0].Share.Id));

        var created = await ExpectAsync<AccessTokenService, CreatedAccessToken?>("AccessTokenService.CreateAsync",
            s => s.CreateAsync(analyst.Id, "script", 30));
        await ExpectAsync<AccessTokenService>("AccessTokenService.RevokeAsync", s => s.RevokeAsync(analyst.Id, created!.Token.Id));

        var invited = await ExpectAsync<UserAdminService, AdminResult>("UserAdminService.CreateAsync",
            s => s.CreateAsync(admin.Id, "invited@test.local", null, Roles.Viewer, invite: true));
        await ExpectAsync<InvitationService>("InvitationService.AcceptAsync", s => s.AcceptAsync(invited.Secret!, "a quiet lake in autumn"));
        await ExpectAsync<UserAdminService>("UserAdminService.SetRoleAsync", s => s.SetRoleAsync(admin.Id, invited.UserId!, Roles.Analyst));
        await ExpectAsync<UserAdminService>("UserAdminService.SetDisabledAsync", s => s.SetDisabledAsync(admin.Id, invited.UserId!, true));
        await ExpectAsync<UserAdminService>("UserAdminService.UnlockAsync", s => s.UnlockAsync(admin.Id, invited.UserId!));
        await ExpectAsync<UserAdminService>("UserAdminService.ForcePasswordResetAsync", s => s.ForcePasswordResetAsync(admin.Id, invited.UserId!));
        await ExpectAsync<UserAdminService>("UserAdminService.DeleteAsync", s => s.DeleteAsync(admin.Id, invited.UserId!, admin.Id));
        await ExpectAsync<QuotaService>("QuotaService.SetOverridesAsync",
            s => s.SetOverridesAsync(admin.Id, new UserQuota { UserId = analyst.Id, MaxActiveRuns = 5 }));
        await ExpectAsync<UserPreferencesService>("UserPreferencesService.SetDarkModeAsync", s => s.SetDarkModeAsync(analyst.Id, true));
        await ExpectAsync<DiagnosticsService>("DiagnosticsService.RequestPingAsync", s => s.RequestPingAsync(admin.Id, "cpu"));

        Assert.Equal(Audited.Keys.Order(), exercised.Order());
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync()).Intact);
    }
}
