using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Access;
using Portal.Core.Features.Projects;
using Portal.IntegrationTests.Infrastructure;
using Portal.Runs.Results;
using Portal.Runs.Starting;
namespace Portal.IntegrationTests.Runs;

public sealed class ProjectTests
{
    [Fact]
    public async Task Runs_go_to_the_personal_project_by_default_or_to_a_chosen_project_of_the_owner_and_the_list_filters_by_project()
    {
        await using var factory = new PortalFactory(new() { ["Worker:Queues"] = "default", ["Runs:MaxActiveRunsPerUser"] = "10" });
        var dataset = await RunHarness.ImportSampleAsync(factory.Services, "analyst-1", "trade-panel.csv");
        var request = await RunHarness.ProposalAsync(factory.Services, "analyst-1", dataset);
        await using var scope = factory.Services.CreateAsyncScope();
        var projects = scope.ServiceProvider.GetRequiredService<ProjectService>();

        var (climate, problem) = await projects.CreateAsync("analyst-1", "Trade and climate", "Joint study");
        Assert.Null(problem);
        Assert.Equal("Project.NameTaken", (await projects.CreateAsync("analyst-1", "trade AND climate", null)).Problem);
        Assert.Equal("Project.NameInvalid", (await projects.CreateAsync("analyst-1", "  ", null)).Problem);
        var (theirs, _) = await projects.CreateAsync("analyst-2", "Their project", null);

        var personalRun = (await RunHarness.SubmitAsync(factory.Services, "analyst-1", request)).Run!;
        var projectRun = (await RunHarness.SubmitAsync(factory.Services, "analyst-1", request with { ProjectId = climate!.Id })).Run!;
        var refused = await RunHarness.SubmitAsync(factory.Services, "analyst-1", request with { ProjectId = theirs!.Id });

        var personal = await projects.PersonalAsync("analyst-1");
        Assert.Equal(personal.Id, personalRun.ProjectId);
        Assert.Equal(climate.Id, projectRun.ProjectId);
        Assert.Equal((SubmitOutcome.ProjectNotFound, "ProjectId"), (refused.Outcome, refused.Problems[0].Field));

        var list = await projects.ListAsync("analyst-1");
        Assert.Equal([(ProjectService.PersonalName, 1), ("Trade and climate", 1)], list.Select(p => (p.Project.Name, p.Runs)));
        var inClimate = await scope.ServiceProvider.GetRequiredService<RunQueryService>().ListAsync("analyst-1", new RunFilter(ProjectId: climate.Id), 0, 20);
        Assert.Equal([projectRun.Id], inClimate.Items.Select(i => i.Run.Id));
    
    }

    [Fact]
    public async Task Members_of_a_project_read_its_runs_until_removed_and_a_personal_project_has_no_members()
    {
        await using var factory = new PortalFactory(new() { ["Worker:Queues"] = "default" });
        var owner = await factory.CreateUserAsync("owner@test.local", "river stone lantern 2026", Portal.Core.Features.Accounts.Roles.Analyst);
        var member = await factory.CreateUserAsync("member@test.local", "harbour lights at dusk", Portal.Core.Features.Accounts.Roles.Viewer);
        var dataset = await RunHarness.ImportSampleAsync(factory.Services, owner.Id, "trade-panel.csv");
        await using var scope = factory.Services.CreateAsyncScope();
        var projects = scope.ServiceProvider.GetRequiredService<ProjectService>();
        var project = (await projects.CreateAsync(owner.Id, "Joint study", null)).Project!;
        var personal = await projects.PersonalAsync(owner.Id);

        Assert.Equal("Project.Personal", await projects.AddMemberAsync(owner.Id, personal.Id, "member@test.local", ProjectRole.Viewer));
        Assert.Equal("Project.NoSuchUser", await projects.AddMemberAsync(owner.Id, project.Id, "nobody@test.local", ProjectRole.Viewer));
        Assert.Equal("Project.Yourself", await projects.AddMemberAsync(owner.Id, project.Id, "owner@test.local", ProjectRole.Viewer));
        Assert.Null(await projects.AddMemberAsync(owner.Id, project.Id, "member@test.local", ProjectRole.Viewer));
        Assert.Equal(["member@test.local"], (await projects.MembersAsync(owner.Id, project.Id)).Select(m => m.Email));
        Assert.Empty(await projects.MembersAsync(member.Id, project.Id)); // only the owner manages members

        var inProject = (await RunHarness.SubmitAsync(factory.Services, owner.Id, (await RunHarness.ProposalAsync(factory.Services, owner.Id, dataset)) with { Name = "joint run", ProjectId = project.Id })).Run!;
        var personalRun = (await RunHarness.SubmitAsync(factory.Services, owner.Id, (await RunHarness.ProposalAsync(factory.Services, owner.Id, dataset)) with { Name = "private run" })).Run!;

        var access = scope.ServiceProvider.GetRequiredService<AccessPolicy>();
        Assert.Equal(Rights.ReadOnly, await access.ForRunAsync(member.Id, inProject.Id));
        Assert.Equal(Rights.None, await access.ForRunAsync(member.Id, personalRun.Id));
        Assert.Equal(["joint run"], (await projects.MemberRunsAsync(member.Id)).Select(r => r.RunName));

        Assert.False(await projects.RemoveMemberAsync(member.Id, project.Id, member.Id));
        Assert.True(await projects.RemoveMemberAsync(owner.Id, project.Id, member.Id));
        Assert.Equal(Rights.None, await access.ForRunAsync(member.Id, inProject.Id));
        Assert.Empty(await projects.MemberRunsAsync(member.Id));
    }
}
