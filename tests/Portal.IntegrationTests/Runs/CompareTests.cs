using Portal.Core.Features.Accounts;
using Portal.Core.Features.Runs;
using Portal.IntegrationTests.Infrastructure;
using Portal.Training.Specification;

namespace Portal.IntegrationTests.Runs;

public sealed class CompareTests
{
    [Fact]
    public async Task Two_runs_of_the_same_task_are_compared_with_the_best_marked_and_differences_highlighted_for_their_owner_only()
    {
        await using var factory = new PortalFactory();
        var owner = await factory.CreateUserAsync("owner@test.local", "river stone lantern 2026", Roles.Analyst);
        await factory.CreateUserAsync("other@test.local", "amber fields of june", Roles.Analyst);
        var dataset = await RunHarness.ImportSampleAsync(factory.Services, owner.Id, "trade-panel.csv");
        var ids = new List<Guid>();
        foreach (var (name, rate) in new[] { ("slow learner", 0.001), ("fast learner", 0.01) })
        {
            var request = await RunHarness.ProposalAsync(factory.Services, owner.Id, dataset, s => s with
            {
                Model = ModelFamily.Linear,
                Hyperparameters = s.Hyperparameters with { Epochs = 6, WarmupEpochs = 1, LearningRate = rate },
            });
            var run = (await RunHarness.SubmitAsync(factory.Services, owner.Id, request with { Name = name })).Run!;
            Assert.Equal(RunStatus.Succeeded, (await RunHarness.WaitForAsync(factory.Services, run.Id, RunHarness.IsFinished, TimeSpan.FromSeconds(90))).Status);
            ids.Add(run.Id);
        }

        var session = new PortalSession(factory.CreateBrowserLikeClient());
        await session.SignInAsync("owner@test.local", "river stone lantern 2026");
        var html = await session.Client.GetStringAsync($"/runs/compare?ids={string.Join(',', ids)}");

        Assert.Contains("slow learner", html);
        Assert.Contains("fast learner", html);
        Assert.Contains("★ best", html);
        Assert.All(ids, id => Assert.Contains($"#{id:N}"[..9], html)); // each column also carries the run's number
        var baselineAt = html.IndexOf("of the baseline</th>", StringComparison.Ordinal);
        Assert.True(baselineAt > 0, "no baseline row");
        var baselineRow = html[baselineAt..html.IndexOf("</tr>", baselineAt, StringComparison.Ordinal)];
        Assert.DoesNotContain("★", baselineRow); // the baseline is a yardstick, never "best"
        Assert.Contains("Learning rate (differs)", html);
        Assert.DoesNotContain("Epochs (differs)", html);

        var other = new PortalSession(factory.CreateBrowserLikeClient());
        await other.SignInAsync("other@test.local", "amber fields of june");
        var theirs = await other.Client.GetStringAsync($"/runs/compare?ids={string.Join(',', ids)}");
        Assert.DoesNotContain("slow learner", theirs);
        Assert.Contains("Choose between two and six finished runs of yours", theirs);
    }
}
