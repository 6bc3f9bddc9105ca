using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Accounts;
using Portal.Core.Features.Runs;
using Portal.IntegrationTests.Infrastructure;
using Portal.Runs.Results;
using Portal.Runs.Scoring;
using Portal.Runs.Starting;
using Portal.Training.Text;
using RowIssueCodes = Portal.Training.Preprocessing.RowIssue;

namespace Portal.IntegrationTests.Runs;

/// <summary>
/// Text classification, entity recognition and forecasting runs through the real Hangfire server and TorchSharp on the
/// bundled samples: each succeeds, its result page and printable report show the task's own charts and tables, and
/// bad settings are refused before anything is queued.
/// </summary>
public sealed class TaskRunTests
{
    private const string Password = "river stone lantern 2026";

    [Fact]
    public async Task A_text_classification_run_on_the_opinion_sample_beats_the_majority_class_and_labels_new_texts()
    {
        await using var factory = new PortalFactory();
        var owner = await factory.CreateUserAsync("texts@test.local", Password, Roles.Analyst);
        var dataset = await RunHarness.ImportSampleAsync(factory.Services, owner.Id, "public-opinion.csv");
        var run = await TrainAsync(factory, owner.Id, dataset.Id, RunTask.TextClassification, h => h with { Epochs = 6 });

        var result = RunQueryService.Result(run)!;
        Assert.Equal((RunTask.TextClassification, "macroF1"), (result.Task, result.HeadlineMetric));
        Assert.True(result.Headline > result.BaselineHeadline + 0.1, $"macro-F1 {result.Headline} vs majority {result.BaselineHeadline}");

        var evaluation = await EvaluationAsync(factory, owner.Id, run.Id);
        Assert.Equal("sentiment", evaluation.Target);
        Assert.NotNull(evaluation.Classification);
        Assert.Equal(evaluation.Classes.Count, evaluation.Classification.PerClass.Count);
        Assert.NotNull(evaluation.MostConfused);

        var session = new PortalSession(factory.CreateBrowserLikeClient());
        await session.SignInAsync("texts@test.local", Password);
        var report = await session.Client.GetStringAsync($"/runs/{run.Id}/report");
        Assert.Contains("Confusion matrix", report);
        Assert.Contains("Label texts (text classification): sentiment", report);
        Assert.Contains("always answering the most common label", report);
        Assert.Contains("95% interval", report);
        Assert.Contains("Models compared", report);

        // Scoring: one text in the form, then a file with an empty text (reported on its row) and a file without the text column.
        await using var scope = factory.Services.CreateAsyncScope();
        var scoring = scope.ServiceProvider.GetRequiredService<ScoringService>();
        Assert.Equal("text", Assert.Single((await scoring.InputsAsync(owner.Id, run.Id))!).Kind);
        var one = await scoring.PredictAsync(owner.Id, run.Id, new Dictionary<string, string?> { ["text"] = "社区医疗服务令人高兴。" });
        Assert.Contains(one!.Prediction, evaluation.Classes);
        Assert.Equal(1.0, one.Probabilities!.Values.Sum(), 3);

        var done = await ScoreFileAsync(factory, scoring, owner.Id, run.Id, "id,text\n1,Public transport deserves support.\n2,\n3,城市公共交通值得支持。\n");
        Assert.Equal((ScoringStatus.Succeeded, 3L, 1L), (done.Status, done.Rows, done.RowsWithIssues));
        var csv = await session.Client.GetStringAsync($"/runs/{run.Id}/scoring/{done.Id}");
        Assert.StartsWith("row,predicted_sentiment,p_", csv.TrimStart('\uFEFF'));
        Assert.Contains("is empty; there is no text to label", csv);

        var failed = await ScoreFileAsync(factory, scoring, owner.Id, run.Id, "id,comment\n1,hello\n");
        Assert.Equal(ScoringStatus.Failed, failed.Status);
        Assert.Contains("no column 'text'", failed.Error);
    }

    [Fact]
    public async Task An_entity_run_on_the_news_sample_scores_each_type_and_marks_gold_and_predicted_spans()
    {
        await using var factory = new PortalFactory();
        var owner = await factory.CreateUserAsync("entities@test.local", Password, Roles.Analyst);
        var dataset = await RunHarness.ImportSampleAsync(factory.Services, owner.Id, "news-entities.conll");
        var run = await TrainAsync(factory, owner.Id, dataset.Id, RunTask.EntityRecognition, h => h with { Epochs = 4 });

        var result = RunQueryService.Result(run)!;
        Assert.Equal("f1", result.HeadlineMetric);
        Assert.InRange(result.Headline, 0, 1);
        var evaluation = await EvaluationAsync(factory, owner.Id, run.Id);
        var entities = evaluation.Entities!;
        Assert.NotEmpty(entities.Scores.PerType);
        Assert.NotEmpty(entities.Examples);
        Assert.Equal(result.TestRows, evaluation.Predictions.Count);

        var session = new PortalSession(factory.CreateBrowserLikeClient());
        await session.SignInAsync("entities@test.local", Password);
        var report = await session.Client.GetStringAsync($"/runs/{run.Id}/report");
        Assert.Contains("Scores per entity type", report);
        Assert.Contains("class=\"entity entity-gold\"", report);
        Assert.Contains("test sentences the model did not see in training", report);
        var metrics = await session.Client.GetStringAsync($"/runs/{run.Id}/export/metrics.json");
        Assert.Contains("\"entities\"", metrics);
        var csv = (await session.Client.GetStringAsync($"/runs/{run.Id}/export/predictions.csv")).TrimStart('\uFEFF');
        Assert.StartsWith("sentence,actual_entities,predicted_entities", csv);

        // Scoring: one sentence in the form; a file of sentences (an empty one reported on its row); a file without sentences.
        await using var scope = factory.Services.CreateAsyncScope();
        var scoring = scope.ServiceProvider.GetRequiredService<ScoringService>();
        Assert.Equal(("sentence", "text"), ((await scoring.InputsAsync(owner.Id, run.Id))!.Single().Column, (await scoring.InputsAsync(owner.Id, run.Id))!.Single().Kind));
        var one = await scoring.PredictAsync(owner.Id, run.Id, new Dictionary<string, string?> { ["sentence"] = "World Bank opened an office in Geneva ." });
        Assert.Empty(one!.Issues);
        Assert.False(string.IsNullOrEmpty(one.Prediction));
        Assert.Equal(RowIssueCodes.EmptyText, Assert.Single((await scoring.PredictAsync(owner.Id, run.Id, new Dictionary<string, string?> { ["sentence"] = "  " }))!.Issues).Code);
        var done = await ScoreFileAsync(factory, scoring, owner.Id, run.Id, "id,sentence\n1,Maria Gonzalez met Li Wei in Nairobi .\n2,\n");
        Assert.Equal((ScoringStatus.Succeeded, 2L, 1L), (done.Status, done.Rows, done.RowsWithIssues));
        var scored = (await session.Client.GetStringAsync($"/runs/{run.Id}/scoring/{done.Id}")).TrimStart('\uFEFF');
        Assert.StartsWith("row,sentence,entities,issues", scored);
        Assert.Contains("1,Maria Gonzalez met Li Wei in Nairobi .,", scored);
        var wrong = await ScoreFileAsync(factory, scoring, owner.Id, run.Id, "id,body\n1,hello\n");
        Assert.Equal(ScoringStatus.Failed, wrong.Status);
        Assert.Contains("no column 'sentence' or 'text'", wrong.Error);
    }

    [Fact]
    public async Task A_forecast_of_daily_cases_shows_the_series_the_test_forecasts_and_the_next_week()
    {
        await using var factory = new PortalFactory();
        var owner = await factory.CreateUserAsync("forecast@test.local", Password, Roles.Analyst);
        var dataset = await RunHarness.ImportSampleAsync(factory.Services, owner.Id, "epidemic-daily.csv");
        var run = await TrainAsync(factory, owner.Id, dataset.Id, RunTask.Forecasting, h => h with { Epochs = 25 });

        var result = RunQueryService.Result(run)!;
        Assert.Equal("mae", result.HeadlineMetric);
        Assert.True(double.IsFinite(result.Headline) && result.Headline > 0);
        Assert.InRange(result.Headline, result.HeadlineLow!.Value, result.HeadlineHigh!.Value);
        var forecast = (await EvaluationAsync(factory, owner.Id, run.Id)).Forecast!;
        Assert.Equal(540, forecast.Values.Count);
        Assert.Equal(forecast.Horizon, forecast.NextForecast.Count);
        Assert.Contains(forecast.TestForecasts, p => p.Step == forecast.Horizon);

        var session = new PortalSession(factory.CreateBrowserLikeClient());
        await session.SignInAsync("forecast@test.local", Password);
        var report = await session.Client.GetStringAsync($"/runs/{run.Id}/report");
        Assert.Contains("Line chart of new_cases from", report);
        Assert.Contains($"from {result.TestRows} test rows", report);
        Assert.Contains($"Only {result.TestRows} rows (or points) were kept for testing", report);
        Assert.Contains("Repeating the last value", report);
        Assert.Contains("are off by", report);
        var csv = (await session.Client.GetStringAsync($"/runs/{run.Id}/export/predictions.csv")).TrimStart('\uFEFF');
        Assert.StartsWith("time,actual_new_cases,predicted_new_cases,error", csv);
        Assert.Contains(forecast.Times[forecast.ValidationEnd + 1] + ",", csv); // the first one-step forecast of the test part

        // Scoring: no form (a forecast needs a series); a file with the latest 100 days gives the next week with its dates.
        await using var scope = factory.Services.CreateAsyncScope();
        var scoring = scope.ServiceProvider.GetRequiredService<ScoringService>();
        Assert.Empty((await scoring.InputsAsync(owner.Id, run.Id))!);
        var lines = await File.ReadAllLinesAsync(Path.Combine(AppContext.BaseDirectory, "samples", "epidemic-daily.csv"));
        var latest = string.Join("\n", lines.Take(1).Concat(lines.TakeLast(100)));
        var done = await ScoreFileAsync(factory, scoring, owner.Id, run.Id, latest);
        Assert.Equal(ScoringStatus.Succeeded, done.Status);
        var next = (await session.Client.GetStringAsync($"/runs/{run.Id}/scoring/{done.Id}")).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("step,date,forecast_new_cases,lower_80,upper_80,lower_95,upper_95", next[0].TrimEnd('\r'));
        Assert.Equal(forecast.Horizon + 1, next.Length);
        var lastDay = DateTime.Parse(lines[^1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith($"1,{lastDay.AddDays(1):yyyy-MM-dd},", next[1]);
        var first = next[1].Split(',').Skip(2).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.True(first[3] < first[1] && first[1] < first[0] && first[0] < first[2] && first[2] < first[4], next[1]); // 95% ⊃ 80% ∋ forecast

        // The whole series again: the same forecast after the data as the result page shows.
        var again = await ScoreFileAsync(factory, scoring, owner.Id, run.Id, string.Join("\n", lines));
        var rows = (await session.Client.GetStringAsync($"/runs/{run.Id}/scoring/{again.Id}")).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1);
        Assert.Equal(forecast.NextForecast.Select(v => Math.Round(v, 6)), rows.Select(r => double.Parse(r.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(forecast.NextTimes, rows.Select(r => r.Split(',')[1]));

        var refused = await ScoreFileAsync(factory, scoring, owner.Id, run.Id, string.Join("\n", lines.Take(4)));
        Assert.Equal(ScoringStatus.Failed, refused.Status);
        Assert.Contains("at least that many are needed", refused.Error);
    }

    [Fact]
    public async Task Settings_that_do_not_fit_the_dataset_are_refused_with_their_reason_and_nothing_is_queued()
    {
        await using var factory = new PortalFactory();
        var owner = await factory.CreateUserAsync("refused@test.local", Password, Roles.Analyst);
        var series = await RunHarness.ImportSampleAsync(factory.Services, owner.Id, "epidemic-daily.csv");
        var table = await RunHarness.ImportSampleAsync(factory.Services, owner.Id, "trade-panel.csv");
        await using var scope = factory.Services.CreateAsyncScope();
        var submissions = scope.ServiceProvider.GetRequiredService<RunSubmissionService>();
        var forecast = (await submissions.ProposeTaskAsync(owner.Id, series.Id, RunTask.Forecasting))!;

        async Task<string[]> Codes(RunRequest request)
        {
            var result = await submissions.SubmitAsync(owner.Id, request);
            Assert.Equal(SubmitOutcome.Invalid, result.Outcome);
            return result.Problems.Select(p => p.Code).ToArray();
        }

        Assert.Contains("Time.NotDates", await Codes(forecast with { Specification = forecast.Forecast() with { TimeColumn = "tests" } }));
        Assert.Contains("Horizon.TooLong", await Codes(forecast with { Specification = forecast.Forecast() with { Horizon = 535 } }));
        Assert.Contains("Season.TooLong", await Codes(forecast with { Specification = forecast.Forecast() with { Horizon = 300, Season = 150 } }));
        Assert.Contains("Target.NotNumeric", await Codes(forecast with { Specification = forecast.Forecast() with { Target = "date" } }));
        var textOnTable = new TextSpecification { TextColumn = "country", LabelColumn = "region" };
        Assert.Contains("Task.NotForDataset", await Codes(new RunRequest { DatasetId = table.Id, Specification = textOnTable }));
        Assert.Null(await submissions.ProposeTaskAsync(owner.Id, table.Id, RunTask.EntityRecognition));
        Assert.Null(await submissions.ProposeTaskAsync("someone-else", series.Id, RunTask.Forecasting));

        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Runs.CountAsync());
    }

    [Theory]
    [InlineData("year")]
    [InlineData("quarter")]
    [InlineData("chinese-month")]
    [InlineData("iso-month")]
    public async Task A_series_is_proposed_as_a_forecast_over_its_time_column_whatever_form_the_times_take(string form)
    {
        await using var factory = new PortalFactory();
        var owner = await factory.CreateUserAsync($"series-{form}@test.local", Password, Roles.Analyst);
        var csv = new StringBuilder("time,index,value\n");
        for (var i = 0; i < 80; i++)
        {
            var time = form switch
            {
                "year" => $"{1940 + i}",
                "quarter" => $"{2000 + i / 4}Q{i % 4 + 1}",
                "chinese-month" => $"{2010 + i / 12}年{i % 12 + 1}月",
                _ => $"{2010 + i / 12}-{i % 12 + 1:00}",
            };
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{time},{i + 1},{100 + 10 * Math.Sin(i / 2.0) + i:0.00}\n");
        }

        await using var scope = factory.Services.CreateAsyncScope();
        var upload = await scope.ServiceProvider.GetRequiredService<Portal.Core.Features.Datasets.DatasetIngestService>().UploadAsync(
            owner.Id, $"{form}.csv", new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), Portal.Core.Features.Datasets.DatasetKind.Table);
        var submissions = scope.ServiceProvider.GetRequiredService<RunSubmissionService>();

        var proposal = (await submissions.ProposeTaskAsync(owner.Id, upload.Dataset!.Id, RunTask.Forecasting))!;

        Assert.Equal(RunTask.Forecasting, Portal.Runs.Planning.RunPlanner.TasksFor(upload.Dataset)[0]); // suggested before regression
        var forecast = Assert.IsType<Portal.Training.Forecasting.ForecastSpecification>(proposal.Specification);
        Assert.Equal(("time", "value", Portal.Training.Forecasting.ForecastModel.Auto), (forecast.TimeColumn, forecast.Target, forecast.Model));
        Assert.Equal(SubmitOutcome.Submitted, (await submissions.SubmitAsync(owner.Id, proposal)).Outcome);
    }

    [Fact]
    public async Task A_row_number_in_the_last_column_is_neither_the_proposed_target_nor_an_input_and_records_are_not_taken_for_a_series()
    {
        await using var factory = new PortalFactory();
        var owner = await factory.CreateUserAsync("records@test.local", Password, Roles.Analyst);
        var csv = new StringBuilder("date,age,income,row\n");
        for (var i = 0; i < 60; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"2024-01-{1 + i % 28:00},{20 + i % 37},{1000 + 13 * (i % 11)},{i + 1}\n");
        }

        await using var scope = factory.Services.CreateAsyncScope();
        var upload = await scope.ServiceProvider.GetRequiredService<Portal.Core.Features.Datasets.DatasetIngestService>().UploadAsync(
            owner.Id, "records.csv", new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), Portal.Core.Features.Datasets.DatasetKind.Table);

        var proposal = (await scope.ServiceProvider.GetRequiredService<RunSubmissionService>().ProposeAsync(owner.Id, upload.Dataset!.Id))!;

        Assert.Equal("income", proposal.Specification.Target);
        Assert.DoesNotContain("row", proposal.Specification.Features!);
        Assert.NotEqual(RunTask.Forecasting, Portal.Runs.Planning.RunPlanner.TasksFor(upload.Dataset)[0]); // dates repeat: records, not a series
    }

    private static async Task<Run> TrainAsync(PortalFactory factory, string ownerId, Guid datasetId, RunTask task, Func<Portal.Training.Specification.Hyperparameters, Portal.Training.Specification.Hyperparameters> change)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var proposal = await scope.ServiceProvider.GetRequiredService<RunSubmissionService>().ProposeTaskAsync(ownerId, datasetId, task);
        Assert.NotNull(proposal);
        var submitted = await RunHarness.SubmitAsync(factory.Services, ownerId, proposal.WithHyperparameters(change));
        Assert.True(submitted.Succeeded, string.Join("; ", submitted.Problems.Select(p => p.Message)));
        Assert.Equal(task, submitted.Run!.Task);
        var run = await RunHarness.WaitForAsync(factory.Services, submitted.Run.Id, RunHarness.IsFinished, TimeSpan.FromSeconds(180));
        Assert.True(run.Status == RunStatus.Succeeded, await RunHarness.LogAsync(factory.Services, run.Id));
        return run;
    }

    private static async Task<RunEvaluation> EvaluationAsync(PortalFactory factory, string ownerId, Guid runId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var bundle = await scope.ServiceProvider.GetRequiredService<RunResultService>().LoadAsync(ownerId, runId);
        return bundle!.Evaluation!;
    }

    /// <summary>Uploads a file to score and waits for the scoring job to end.</summary>
    private static async Task<ScoringTask> ScoreFileAsync(PortalFactory factory, ScoringService scoring, string ownerId, Guid runId, string content)
    {
        var started = await scoring.StartAsync(ownerId, runId, "input.csv", new MemoryStream(Encoding.UTF8.GetBytes(content)));
        Assert.NotNull(started);
        var taskId = started.Id;
        for (var i = 0; i < 600; i++)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            var task = await db.ScoringTasks.AsNoTracking().SingleAsync(t => t.Id == taskId);
            if (task.Status is ScoringStatus.Succeeded or ScoringStatus.Failed)
            {
                return task;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The scoring task did not finish in 60 s.");
    }
}
