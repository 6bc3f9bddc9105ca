using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Projects;
using Portal.IntegrationTests.Infrastructure;
using Portal.Jobs.Runs;

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
}
