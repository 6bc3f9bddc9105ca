using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Accounts;
using Portal.Core.Features.Runs;
using Portal.IntegrationTests.Infrastructure;
using Portal.Runs.Scoring;
using Portal.Runs.Starting;
using Portal.Training.Specification;

namespace Portal.IntegrationTests.Runs;

public sealed class ScoringTests
{
    [Fact]
    public async Task A_finished_run_scores_a_form_row_and_a_file_reporting_what_it_could_not_use_per_column_and_row()
    {
        await using var factory = new PortalFactory();
        var owner = await factory.CreateUserAsync("owner@test.local", "river stone lantern 2026", Roles.Analyst);
        await factory.CreateUserAsync("other@test.local", "amber fields of june", Roles.Analyst);
        var dataset = await RunHarness.ImportSampleAsync(factory.Services, owner.Id, "trade-panel.csv");
        var request = await RunHarness.ProposalAsync(factory.Services, owner.Id, dataset, s => s with { Model = ModelFamily.Linear, Hyperparameters = s.Hyperparameters with { Epochs = 10, WarmupEpochs = 1 } });
        var run = (await RunHarness.SubmitAsync(factory.Services, owner.Id, request)).Run!;
        Assert.Equal(RunStatus.Succeeded, (await RunHarness.WaitForAsync(factory.Services, run.Id, RunHarness.IsFinished, TimeSpan.FromSeconds(90))).Status);

        await using var scope = factory.Services.CreateAsyncScope();
        var scoring = scope.ServiceProvider.GetRequiredService<ScoringService>();
        var inputs = await scoring.InputsAsync(owner.Id, run.Id);
        Assert.Contains(inputs!, i => i.Column == "origin" && i.Kind == "category" && i.Levels.Contains("China"));
        Assert.Null(await scoring.InputsAsync("someone-else", run.Id));

        var single = await scoring.PredictAsync(owner.Id, run.Id, new Dictionary<string, string?>
        {
            ["year"] = "2015", ["origin"] = "Atlantis", ["destination"] = "Kenya", ["gdp_origin_bn"] = "300", ["gdp_destination_bn"] = "abc", ["distance_km"] = "9000", ["exchange_rate"] = "1.1",
        });
        Assert.True(double.TryParse(single!.Prediction, out _));
        Assert.Contains(single.Issues, i => i.Code == "Scoring.UnseenCategory" && i.Value == "Atlantis");
        Assert.Contains(single.Issues, i => i.Code == "Scoring.NotANumber" && i.Column == "gdp_destination_bn");

        // A file without exchange_rate and with one unparseable number: every row is scored, the problems are reported.
        var file = "year,origin,destination,gdp_origin_bn,gdp_destination_bn,distance_km\n2016,China,Kenya,250,210,13000\n2017,China,Brazil,n/a?,160,25000\n2018,=cmd|' /C calc'!A0,Brazil,260,165,25000\n";
        var task = await scoring.StartAsync(owner.Id, run.Id, "new.csv", new MemoryStream(Encoding.UTF8.GetBytes(file)));
        Assert.NotNull(task);
        Assert.Null(await scoring.StartAsync("someone-else", run.Id, "x.csv", new MemoryStream(Encoding.UTF8.GetBytes(file))));
        ScoringTask? done = null;
        for (var i = 0; i < 300 && done is null; i++)
        {
            await Task.Delay(100);
            done = (await scoring.ListAsync(owner.Id, run.Id)).FirstOrDefault(t => t.Id == task!.Id && t.Status is ScoringStatus.Succeeded or ScoringStatus.Failed);
        }

        Assert.Equal(ScoringStatus.Succeeded, done!.Status);
        Assert.Equal((3L, 2L, "exchange_rate"), (done.Rows, done.RowsWithIssues, done.MissingColumns));

        var session = new PortalSession(factory.CreateBrowserLikeClient());
        await session.SignInAsync("owner@test.local", "river stone lantern 2026");
        var csv = Encoding.UTF8.GetString(await session.Client.GetByteArrayAsync($"/runs/{run.Id}/scoring/{done.Id}")).TrimStart('\uFEFF');
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("row,predicted_trade_volume_mn,issues", lines[0]);
        Assert.Contains("is not a number", lines[2]);
        Assert.Contains("'=cmd", lines[3]); // the unseen value is quoted back safely

        var other = new PortalSession(factory.CreateBrowserLikeClient());
        await other.SignInAsync("other@test.local", "amber fields of june");
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync($"/runs/{run.Id}/scoring/{done.Id}")).StatusCode);
    }

    [Fact]
    public async Task Every_row_of_a_scored_file_comes_back_in_its_place_with_its_number_and_the_users_id()
    {
        await using var factory = new PortalFactory();
        var owner = await factory.CreateUserAsync("owner@test.local", "river stone lantern 2026", Roles.Analyst);
        var dataset = await RunHarness.ImportSampleAsync(factory.Services, owner.Id, "trade-panel.csv");
        var run = await RunHarness.TrainQuickModelAsync(factory.Services, owner.Id, dataset, epochs: 5);
        await using var scope = factory.Services.CreateAsyncScope();
        var scoring = scope.ServiceProvider.GetRequiredService<ScoringService>();

        // Ids that begin with '#' or ';' used to be read as comment lines and dropped, shifting every later prediction.
        var ids = new[] { "#1", "#2", ";3", "A-4", "#5", "\"6\"", "\t7" };
        var file = "ref,year,origin,destination,gdp_origin_bn,gdp_destination_bn,distance_km,exchange_rate\n"
            + string.Concat(ids.Select((id, i) => $"{(id.StartsWith('"') ? "\"\"" + id + "\"\"" : id)},{2016 + i},China,Kenya,{250 + i},210,13000,1.1\n"));
        var done = await ScoreAsync(scoring, owner.Id, run.Id, file, "ref");
        var missingId = await ScoreAsync(scoring, owner.Id, run.Id, file, "customer");

        Assert.Equal((ScoringStatus.Succeeded, 7L), (done.Status, done.Rows));
        var session = new PortalSession(factory.CreateBrowserLikeClient());
        await session.SignInAsync("owner@test.local", "river stone lantern 2026");
        var lines = Encoding.UTF8.GetString(await session.Client.GetByteArrayAsync($"/runs/{run.Id}/scoring/{done.Id}")).TrimStart('\uFEFF')
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("row,ref,predicted_trade_volume_mn", lines[0]);
        Assert.Equal(["1,#1", "2,#2", "3,;3", "4,A-4", "5,#5"], lines.Skip(1).Take(5).Select(l => string.Join(',', l.Split(',').Take(2))));
        Assert.StartsWith("6,\"\"\"6\"\"\"", lines[6]); // the quoted id "6", quoted again in the output
        Assert.StartsWith("7,", lines[7]);
        Assert.Contains("7", lines[7].Split(',')[1]); // the tab-led id, neutralised for spreadsheets but in its row
        Assert.Equal(8, lines.Length);
        Assert.Equal(ScoringStatus.Failed, missingId.Status);
        Assert.Contains("no column 'customer'", missingId.Error);
    }

    [Fact]
    public async Task A_file_is_scored_within_seconds_while_the_only_training_slot_trains_a_long_run()
    {
        await using var factory = new PortalFactory();
        var owner = await factory.CreateUserAsync("owner@test.local", "river stone lantern 2026", Roles.Analyst);
        var dataset = await RunHarness.ImportSampleAsync(factory.Services, owner.Id, "trade-panel.csv");
        var model = await RunHarness.TrainQuickModelAsync(factory.Services, owner.Id, dataset);
        var longRun = (await RunHarness.SubmitAsync(factory.Services, owner.Id, await RunHarness.ProposalAsync(factory.Services, owner.Id, dataset, RunExecutionTests.LongMlp))).Run!;
        await RunHarness.WaitForAsync(factory.Services, longRun.Id, r => r.Status == RunStatus.Running && r.Epoch >= 1, TimeSpan.FromSeconds(60));
        await using var scope = factory.Services.CreateAsyncScope();
        var scoring = scope.ServiceProvider.GetRequiredService<ScoringService>();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var done = await ScoreAsync(scoring, owner.Id, model.Id, "year,origin,destination\n2016,China,Kenya\n2017,China,Brazil\n", null);
        var waited = clock.Elapsed;

        Assert.Equal(ScoringStatus.Succeeded, done.Status);
        Assert.True(waited < TimeSpan.FromSeconds(10), $"scoring took {waited.TotalSeconds:F1} s");
        Assert.Equal(RunStatus.Running, (await RunHarness.WaitForAsync(factory.Services, longRun.Id, _ => true, TimeSpan.FromSeconds(5))).Status);
        Assert.True(await scope.ServiceProvider.GetRequiredService<RunSubmissionService>().CancelAsync(owner.Id, longRun.Id));
    }

    private static async Task<ScoringTask> ScoreAsync(ScoringService scoring, string ownerId, Guid runId, string content, string? idColumn)
    {
        var task = await scoring.StartAsync(ownerId, runId, "new.csv", new MemoryStream(Encoding.UTF8.GetBytes(content)), idColumn: idColumn);
        for (var i = 0; i < 300; i++)
        {
            await Task.Delay(100);
            if ((await scoring.ListAsync(ownerId, runId)).FirstOrDefault(t => t.Id == task!.Id && t.Status is ScoringStatus.Succeeded or ScoringStatus.Failed) is { } done)
            {
                return done;
            }
        }

        throw new TimeoutException("The scoring task did not finish in 30 s.");
    }
}
