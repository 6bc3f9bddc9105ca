using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Accounts;
using Portal.Core.Features.Runs;
using Portal.IntegrationTests.Infrastructure;
using Portal.Runs.Results;
using Portal.Training.Specification;

namespace Portal.IntegrationTests.Runs;

/// <summary>A classification run's evaluation and every export, for the owner only.</summary>
public sealed class ResultExportTests
{
    [Fact]
    public async Task A_finished_classification_run_has_its_evaluation_and_exports_and_nobody_else_can_download_them()
    {
        await using var factory = new PortalFactory();
        var owner = await factory.CreateUserAsync("owner@test.local", "river stone lantern 2026", Roles.Analyst);
        await factory.CreateUserAsync("other@test.local", "amber fields of june", Roles.Analyst);
        var dataset = await RunHarness.ImportSampleAsync(factory.Services, owner.Id, "social-survey.csv");
        var request = await RunHarness.ProposalAsync(factory.Services, owner.Id, dataset, s => s with
        {
            Model = ModelFamily.Linear,
            GroupingColumn = "region",
            Hyperparameters = s.Hyperparameters with { Epochs = 8, WarmupEpochs = 1 },
        });
        Assert.Equal((TrainingTask.Classification, "equity_class"), (request.Table().Task, request.Table().Target));
        Assert.DoesNotContain("respondent_id", request.Table().Features!); // an identifier
        var run = (await RunHarness.SubmitAsync(factory.Services, owner.Id, request)).Run!;
        run = await RunHarness.WaitForAsync(factory.Services, run.Id, RunHarness.IsFinished, TimeSpan.FromSeconds(90));
        Assert.Equal(RunStatus.Succeeded, run.Status);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var bundle = await scope.ServiceProvider.GetRequiredService<RunResultService>().LoadAsync(owner.Id, run.Id);
            var evaluation = bundle!.Evaluation!;
            Assert.Equal(bundle.Summary!.TestRows, evaluation.Predictions.Count);
            Assert.All(evaluation.Predictions, p => Assert.Equal(evaluation.Classes.Count, p.Probabilities!.Length));
            Assert.NotEmpty(evaluation.Slices);
            Assert.NotNull(evaluation.MajorityClass);
            Assert.Contains("libtorch", evaluation.Software!.Keys);
            Assert.Null(await scope.ServiceProvider.GetRequiredService<RunResultService>().LoadAsync("someone-else", run.Id));
        }

        var session = new PortalSession(factory.CreateBrowserLikeClient());
        await session.SignInAsync("owner@test.local", "river stone lantern 2026");
        var csv = await session.Client.GetAsync($"/runs/{run.Id}/export/predictions.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var lines = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("row,actual_equity_class,predicted_equity_class,p_", lines[0]);
        var metrics = JsonDocument.Parse(await session.Client.GetStringAsync($"/runs/{run.Id}/export/metrics.json")).RootElement;
        Assert.Equal("accuracy", metrics.GetProperty("summary").GetProperty("headlineMetric").GetString());
        Assert.Contains("# Model card", await session.Client.GetStringAsync($"/runs/{run.Id}/export/model-card.md"));
        var html = await session.Client.GetStringAsync($"/runs/{run.Id}/export/model-card.html");
        Assert.Contains("<h1>Model card", html);
        Assert.Equal("application/zip", (await session.Client.GetAsync($"/runs/{run.Id}/export/model.zip")).Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await session.Client.GetAsync($"/runs/{run.Id}/export/secrets.txt")).StatusCode);

        var reportResponse = await session.Client.GetAsync($"/runs/{run.Id}/report");
        Assert.True(reportResponse.IsSuccessStatusCode, string.Join("\n", factory.Logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error).Select(e => e.Message)));
        var report = await reportResponse.Content.ReadAsStringAsync();
        Assert.Contains(run.Name, report);
        Assert.Contains("always choosing the most common class", report);

        var other = new PortalSession(factory.CreateBrowserLikeClient());
        await other.SignInAsync("other@test.local", "amber fields of june");
        foreach (var file in new[] { "model.zip", "predictions.csv", "metrics.json", "model-card.md", "model-card.html" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync($"/runs/{run.Id}/export/{file}")).StatusCode);
        }

        var theirReport = await other.Client.GetStringAsync($"/runs/{run.Id}/report");
        Assert.DoesNotContain(run.Name, theirReport);
        Assert.DoesNotContain("always choosing", theirReport);
    }
}
