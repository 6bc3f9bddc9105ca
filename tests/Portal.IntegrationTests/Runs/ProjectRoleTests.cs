using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Access;
using Portal.Core.Features.Accounts;
using Portal.Core.Features.Datasets;
using Portal.Core.Features.Projects;
using Portal.Core.Features.Sharing;
using Portal.IntegrationTests.Infrastructure;
using Portal.Runs.Results;
using Portal.Runs.Scoring;
using Portal.Runs.Starting;
namespace Portal.IntegrationTests.Runs;

/// <summary>
/// What each project role may do with the project's datasets and runs, through the services the pages and the API
/// call: Viewers read; Editors also train on the datasets, cancel and re-run, download and score; Owners also delete,
/// share and manage members. A run shared with another project is read by that project's members until revoked.
/// </summary>
public sealed class ProjectRoleTests
{
    [Fact]
    public async Task Each_role_gets_exactly_its_rights_on_the_projects_datasets_and_runs()
    {
        await using var factory = new PortalFactory(new() { ["Runs:MaxActiveRunsPerUser"] = "10" });
        var lead = await factory.CreateUserAsync("lead@test.local", "river stone lantern 2026", Roles.Analyst);
        var editor = await factory.CreateUserAsync("editor@test.local", "amber fields of june", Roles.Analyst);
        var viewer = await factory.CreateUserAsync("viewer@test.local", "harbour lights at dusk", Roles.Analyst);
        var coOwner = await factory.CreateUserAsync("coowner@test.local", "copper kettle on the hill", Roles.Analyst);
        var outsider = await factory.CreateUserAsync("outsider@test.local", "willow by the water", Roles.Analyst);
        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var projects = services.GetRequiredService<ProjectService>();
        var edits = services.GetRequiredService<DatasetEditService>();
        var submissions = services.GetRequiredService<RunSubmissionService>();
        var access = services.GetRequiredService<AccessPolicy>();

        var project = (await projects.CreateAsync(lead.Id, "Trade study", null)).Project!;
        Assert.Null(await projects.AddMemberAsync(lead.Id, project.Id, "editor@test.local", ProjectRole.Editor));
        Assert.Null(await projects.AddMemberAsync(lead.Id, project.Id, "viewer@test.local", ProjectRole.Viewer));
        Assert.Null(await projects.AddMemberAsync(lead.Id, project.Id, "coowner@test.local", ProjectRole.Owner));
        var dataset = await RunHarness.ImportSampleAsync(factory.Services, lead.Id, "trade-panel.csv");
        var spare = await RunHarness.ImportSampleAsync(factory.Services, lead.Id, "climate-indicators.csv");

        // Before it is moved into the project, the dataset is the lead's alone.
        Assert.Equal(Rights.None, await access.ForDatasetAsync(editor.Id, dataset.Id));
        Assert.Equal("Dataset.NotFound", (await edits.MoveToProjectAsync(outsider.Id, dataset.Id, project.Id))?.Code);
        Assert.Equal("Project.NotFound", (await edits.MoveToProjectAsync(lead.Id, dataset.Id, Guid.NewGuid()))?.Code);
        Assert.Null(await edits.MoveToProjectAsync(lead.Id, dataset.Id, project.Id));
        Assert.Null(await edits.MoveToProjectAsync(lead.Id, spare.Id, project.Id));
        Assert.Equal("Dataset.NotFound", (await edits.MoveToProjectAsync(viewer.Id, spare.Id, null))?.Code); // a Viewer cannot take it out again

        Assert.Equal(Rights.Editor, await access.ForDatasetAsync(editor.Id, dataset.Id));
        Assert.Equal(Rights.ReadOnly, await access.ForDatasetAsync(viewer.Id, dataset.Id));
        Assert.Equal(Rights.All, await access.ForDatasetAsync(coOwner.Id, dataset.Id));
        Assert.Equal(Rights.None, await access.ForDatasetAsync(outsider.Id, dataset.Id));

        // Lists: members see the project's datasets; only Editors and Owners may train on them.
        var query = services.GetRequiredService<DatasetQueryService>();
        async Task<string[]> Names(string userId, DatasetScope scope) => (await query.ListAsync(userId, null, DatasetSort.NameAscending, 0, 50, scope: scope)).Items.Select(d => d.Name).ToArray();
        Assert.Equal(["climate-indicators", "trade-panel"], await Names(viewer.Id, DatasetScope.Readable));
        Assert.Empty(await Names(viewer.Id, DatasetScope.Editable));
        Assert.Equal(["climate-indicators", "trade-panel"], await Names(editor.Id, DatasetScope.Editable));
        Assert.Empty(await Names(outsider.Id, DatasetScope.Readable));

        // An Editor trains on the project's dataset in the project (their own run, on their quota); a Viewer cannot.
        var request = (await RunHarness.ProposalAsync(factory.Services, lead.Id, dataset)) with { ProjectId = project.Id };
        Assert.Equal(SubmitOutcome.DatasetNotFound, (await submissions.SubmitAsync(viewer.Id, request)).Outcome);
        Assert.Equal(SubmitOutcome.DatasetNotFound, (await submissions.SubmitAsync(outsider.Id, request)).Outcome);
        var editorsRun = (await submissions.SubmitAsync(editor.Id, request with { Name = "editor's run" })).Run!;
        Assert.Equal((editor.Id, project.Id), (editorsRun.OwnerId, editorsRun.ProjectId));
        var leadsRun = (await submissions.SubmitAsync(lead.Id, request with { Name = "lead's run" })).Run!;
        await RunHarness.WaitForAsync(factory.Services, leadsRun.Id, RunHarness.IsFinished, TimeSpan.FromSeconds(120));
        await RunHarness.WaitForAsync(factory.Services, editorsRun.Id, RunHarness.IsFinished, TimeSpan.FromSeconds(120));

        // The project's list holds its members' runs; its count on the projects page too. Outsiders filter to nothing.
        var runs = services.GetRequiredService<RunQueryService>();
        Assert.Equal(["editor's run", "lead's run"], (await runs.ListAsync(viewer.Id, new RunFilter(ProjectId: project.Id), 0, 20)).Items.Select(i => i.Run.Name).Order());
        Assert.Empty((await runs.ListAsync(outsider.Id, new RunFilter(ProjectId: project.Id), 0, 20)).Items);
        Assert.Equal(2, (await projects.ListAsync(lead.Id)).Single(p => p.Project.Id == project.Id).Runs);

        Assert.Equal(Rights.Editor, await access.ForRunAsync(editor.Id, leadsRun.Id));
        Assert.Equal(Rights.ReadOnly, await access.ForRunAsync(viewer.Id, leadsRun.Id));
        Assert.Equal(Rights.All, await access.ForRunAsync(coOwner.Id, editorsRun.Id));
        Assert.Equal(Rights.All, await access.ForRunAsync(lead.Id, editorsRun.Id)); // the project's creator owns what it holds

        // Download: results and scoring for Editors, not for Viewers.
        var results = services.GetRequiredService<RunResultService>();
        Assert.NotNull(await results.LoadAsync(editor.Id, leadsRun.Id, default, Operation.Download));
        Assert.NotNull(await results.LoadAsync(viewer.Id, leadsRun.Id));
        Assert.Null(await results.LoadAsync(viewer.Id, leadsRun.Id, default, Operation.Download));
        var scoring = services.GetRequiredService<ScoringService>();
        Assert.NotNull(await scoring.InputsAsync(editor.Id, leadsRun.Id));
        Assert.Null(await scoring.InputsAsync(viewer.Id, leadsRun.Id));

        // Edit: re-run for Editors; Viewers and outsiders get nothing, exactly as for a run that does not exist.
        Assert.NotNull(await submissions.CloneAsync(editor.Id, leadsRun.Id));
        Assert.Null(await submissions.CloneAsync(viewer.Id, leadsRun.Id));
        Assert.Null(await submissions.CloneAsync(outsider.Id, leadsRun.Id));

        // Share and delete: Owners only.
        var shares = services.GetRequiredService<ShareService>();
        Assert.Equal("Share.NotFound", await shares.ShareWithUserAsync(editor.Id, leadsRun.Id, "outsider@test.local"));
        Assert.Null(await shares.ShareWithUserAsync(coOwner.Id, leadsRun.Id, "outsider@test.local"));
        Assert.Equal(Rights.ReadOnly, await access.ForRunAsync(outsider.Id, leadsRun.Id));
        Assert.Equal("Dataset.NotFound", (await edits.DeleteAsync(editor.Id, spare.Id))?.Code);
        Assert.Null(await edits.UpdateAsync(editor.Id, spare.Id, "climate (checked)", "renamed by the editor"));
        Assert.Null(await edits.DeleteAsync(coOwner.Id, spare.Id));
        Assert.Equal("Dataset.InUse", (await edits.DeleteAsync(coOwner.Id, dataset.Id))?.Code);

        // Owners manage members; Editors do not.
        Assert.Equal("Project.NotFound", await projects.AddMemberAsync(editor.Id, project.Id, "outsider@test.local", ProjectRole.Viewer));
        Assert.Null(await projects.AddMemberAsync(coOwner.Id, project.Id, "outsider@test.local", ProjectRole.Viewer));
        Assert.Equal(4, (await projects.MembersAsync(coOwner.Id, project.Id)).Count);

        // Removing a member takes every right with it.
        Assert.True(await projects.RemoveMemberAsync(lead.Id, project.Id, editor.Id));
        Assert.Equal(Rights.None, await access.ForRunAsync(editor.Id, leadsRun.Id));
        Assert.Equal(Rights.None, await access.ForDatasetAsync(editor.Id, dataset.Id));
        Assert.Equal(Rights.All, await access.ForRunAsync(editor.Id, editorsRun.Id)); // their own run stays theirs
    }

    [Fact]
    public async Task A_run_shared_with_another_project_is_read_by_its_members_until_revoked()
    {
        await using var factory = new PortalFactory();
        var owner = await factory.CreateUserAsync("owner@test.local", "river stone lantern 2026", Roles.Analyst);
        var partner = await factory.CreateUserAsync("partner@test.local", "amber fields of june", Roles.Analyst);
        var reader = await factory.CreateUserAsync("reader@test.local", "harbour lights at dusk", Roles.Viewer);
        await using var scope = factory.Services.CreateAsyncScope();
        var projects = scope.ServiceProvider.GetRequiredService<ProjectService>();
        var shares = scope.ServiceProvider.GetRequiredService<ShareService>();
        var access = scope.ServiceProvider.GetRequiredService<AccessPolicy>();
        var dataset = await RunHarness.ImportSampleAsync(factory.Services, owner.Id, "trade-panel.csv");
        var run = (await RunHarness.SubmitAsync(factory.Services, owner.Id, (await RunHarness.ProposalAsync(factory.Services, owner.Id, dataset)) with { Name = "trade model" })).Run!;

        // The partner's project, which the owner belongs to (as a Viewer), and a project the owner does not belong to.
        var partnerProject = (await projects.CreateAsync(partner.Id, "Partner desk", null)).Project!;
        Assert.Null(await projects.AddMemberAsync(partner.Id, partnerProject.Id, "owner@test.local", ProjectRole.Viewer));
        Assert.Null(await projects.AddMemberAsync(partner.Id, partnerProject.Id, "reader@test.local", ProjectRole.Viewer));
        var closed = (await projects.CreateAsync(partner.Id, "Closed desk", null)).Project!;

        Assert.Equal(Rights.None, await access.ForRunAsync(reader.Id, run.Id));
        Assert.Equal("Share.NoSuchProject", await shares.ShareWithProjectAsync(owner.Id, run.Id, closed.Id));
        Assert.Equal("Share.NotFound", await shares.ShareWithProjectAsync(partner.Id, run.Id, partnerProject.Id));
        Assert.Null(await shares.ShareWithProjectAsync(owner.Id, run.Id, partnerProject.Id));
        Assert.Equal("Share.AlreadyShared", await shares.ShareWithProjectAsync(owner.Id, run.Id, partnerProject.Id));

        Assert.Equal(Rights.ReadOnly, await access.ForRunAsync(reader.Id, run.Id));
        Assert.Equal(Rights.ReadOnly, await access.ForRunAsync(partner.Id, run.Id)); // the project's creator too
        Assert.Equal(["trade model"], (await shares.SharedWithAsync(reader.Id)).Select(s => s.RunName));
        var listed = Assert.Single(await shares.ListAsync(owner.Id, run.Id));
        Assert.Equal(("Partner desk", ShareKind.Project), (listed.ProjectName, listed.Share.Kind));

        Assert.True(await shares.RevokeAsync(owner.Id, listed.Share.Id));
        Assert.Equal(Rights.None, await access.ForRunAsync(reader.Id, run.Id));
        Assert.Empty(await shares.SharedWithAsync(reader.Id));
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.NotNull((await db.Shares.SingleAsync()).RevokedAt);
    }
}
