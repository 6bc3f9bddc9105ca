using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Accounts;
using Portal.Core.Features.Audit;
using Portal.IntegrationTests.Infrastructure;
using Portal.Runs.Planning;
using Portal.Training.Entities;
using Portal.Training.Forecasting;
using Portal.Training.Specification;
using Portal.Training.Text;

namespace Portal.IntegrationTests.Runs;

/// <summary>
/// POST /api/runs takes every setting the new-run page takes, for every task, and keeps what it was sent; a name the
/// task does not have, or a value of the wrong kind, is refused naming the field, and nothing is stored.
/// </summary>
public sealed class RunApiSettingsTests : IAsyncLifetime
{
    private readonly PortalFactory factory = new();
    private HttpClient client = default!;

    public async Task InitializeAsync()
    {
        var analyst = await factory.CreateUserAsync("settings@test.local", "copper kettle harbour 2026", Roles.Analyst);
        await using var scope = factory.Services.CreateAsyncScope();
        var token = (await scope.ServiceProvider.GetRequiredService<AccessTokenService>().CreateAsync(analyst.Id, "script", 30))!;
        client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Secret);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await factory.DisposeAsync();
    }

    private async Task<Guid> UploadAsync(string sample, string? kind = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new StreamContent(File.OpenRead(Path.Combine(AppContext.BaseDirectory, "samples", sample)));
        file.Headers.ContentType = new MediaTypeHeaderValue(sample.EndsWith(".csv") ? "text/csv" : "text/plain");
        form.Add(file, "file", sample);
        var response = await client.PostAsync(kind is null ? "/api/datasets" : $"/api/datasets?kind={kind}", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>Posts the settings, and returns the specification stored with the run and the one the API reads back.</summary>
    private async Task<(TrainingSpecification Stored, JsonElement Read)> CreateAsync(Dictionary<string, object> body)
    {
        var created = await client.PostAsJsonAsync("/api/runs", body);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var run = await db.Runs.AsNoTracking().SingleAsync(r => r.Id == id);
        var read = JsonDocument.Parse(await client.GetStringAsync($"/api/runs/{id}")).RootElement.GetProperty("specification").Clone();
        return (TaskPlans.Read(run), read);
    }

    private static void SharedSettingsKept(TrainingSpecification spec)
    {
        var h = spec.Hyperparameters;
        Assert.Equal((2, 16, 0.02, 0.003), (h.Epochs, h.BatchSize, h.LearningRate, h.WeightDecay));
        Assert.Equal((OptimizerKind.Sgd, ScheduleKind.Step, 1, 5, 0.2), (h.Optimizer, h.Schedule, h.WarmupEpochs, h.Patience, h.Dropout));
        Assert.Equal((0.2, 0.25, 7), (spec.Holdout.ValidationFraction, spec.Holdout.TestFraction, spec.Holdout.Seed));
    }

    private static Dictionary<string, object> Shared(Guid datasetId, string task) => new()
    {
        ["datasetId"] = datasetId, ["task"] = task, ["epochs"] = 2, ["batchSize"] = 16, ["learningRate"] = 0.02,
        ["weightDecay"] = 0.003, ["optimizer"] = "Sgd", ["schedule"] = "Step", ["warmupEpochs"] = 1, ["patience"] = 5,
        ["dropout"] = 0.2, ["validationFraction"] = 0.2, ["testFraction"] = 0.25, ["seed"] = 7,
    };

    [Fact]
    public async Task A_table_run_keeps_every_setting_sent()
    {
        var body = Shared(await UploadAsync("trade-panel.csv"), "Regression");
        body["target"] = "trade_volume_mn";
        body["features"] = new[] { "gdp_origin_bn", "distance_km" };
        body["groupingColumn"] = "origin";
        body["model"] = "Mlp";
        body["hiddenLayers"] = 3;
        body["hiddenWidth"] = 24;
        body["balanceClasses"] = true;

        var (stored, read) = await CreateAsync(body);
        var table = Assert.IsType<TabularSpecification>(stored);
        SharedSettingsKept(table);
        Assert.Equal(
            (TrainingTask.Regression, "trade_volume_mn", "origin", ModelFamily.Mlp), (
                table.Task, table.Target, table.GroupingColumn, table.Model));
        Assert.Equal(["gdp_origin_bn", "distance_km"], table.Features!);
        Assert.Equal(
            (3, 24, true), (table.Hyperparameters.HiddenLayers, table.Hyperparameters.HiddenWidth, table.Hyperparameters.BalanceClasses));
        Assert.Equal("table", read.GetProperty("kind").GetString());
        Assert.Equal("Sgd", read.GetProperty("hyperparameters").GetProperty("optimizer").GetString());
    }

    [Fact]
    public async Task A_text_run_keeps_its_model_and_every_setting_sent()
    {
        var body = Shared(await UploadAsync("public-opinion.csv", "LabelledText"), "TextClassification");
        body["model"] = "BiGru";
        body["textColumn"] = "text";
        body["labelColumn"] = "language";
        body["maxTokens"] = 96;
        body["vocabularySize"] = 4000;
        body["embeddingSize"] = 48;
        body["hiddenWidth"] = 40;
        body["balanceClasses"] = true;

        var (stored, read) = await CreateAsync(body);
        var text = Assert.IsType<TextSpecification>(stored);
        SharedSettingsKept(text);
        Assert.Equal((TextModel.BiGru, "text", "language"), (text.Model, text.TextColumn, text.LabelColumn));
        Assert.Equal((96, 4000, 48), (text.MaxTokens, text.VocabularySize, text.EmbeddingSize));
        Assert.Equal((40, true), (text.Hyperparameters.HiddenWidth, text.Hyperparameters.BalanceClasses));
        Assert.Equal("text", read.GetProperty("kind").GetString());
        Assert.Equal("BiGru", read.GetProperty("model").GetString());
    }

    [Fact]
    public async Task An_entity_run_keeps_its_tagger_and_every_setting_sent()
    {
        var body = Shared(await UploadAsync("news-entities.conll"), "EntityRecognition");
        body["model"] = "BiGru";
        body["useCrf"] = false;
        body["wordEmbedding"] = 32;
        body["characterEmbedding"] = 8;
        body["maxTokens"] = 48;

        var (stored, _) = await CreateAsync(body);
        var entities = Assert.IsType<EntitySpecification>(stored);
        SharedSettingsKept(entities);
        Assert.Equal((TaggerModel.BiGru, false, 32, 8, 48),
            (entities.Model, entities.UseCrf, entities.WordEmbedding, entities.CharacterEmbedding, entities.MaxTokens));
    }

    [Fact]
    public async Task A_forecast_run_keeps_its_horizon_model_and_every_setting_sent()
    {
        var body = Shared(await UploadAsync("epidemic-daily.csv"), "Forecasting");
        body["target"] = "new_cases";
        body["horizon"] = 14;
        body["model"] = "Gru";
        body["season"] = 7;
        body["window"] = 28;
        body["covariates"] = new[] { "mobility_index" };

        var (stored, read) = await CreateAsync(body);
        var forecast = Assert.IsType<ForecastSpecification>(stored);
        SharedSettingsKept(forecast);
        Assert.Equal(
            ("new_cases", 14, ForecastModel.Gru, 7, 28), (
                forecast.Target, forecast.Horizon, forecast.Model, forecast.Season, forecast.Window));
        Assert.Equal(["mobility_index"], forecast.Covariates);
        Assert.Equal(14, read.GetProperty("horizon").GetInt32());
    }

    [Fact]
    public async Task A_setting_the_task_does_not_have_or_a_value_of_the_wrong_kind_is_refused_naming_the_field_and_nothing_is_stored()
    {
        var text = await UploadAsync("public-opinion.csv", "LabelledText");
        var table = await UploadAsync("trade-panel.csv");

        async Task<JsonElement> RefusedAsync(object body)
        {
            var response = await client.PostAsJsonAsync("/api/runs", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").Clone();
        }

        var misplaced = await RefusedAsync(new { datasetId = text, task = "TextClassification", horizon = 14 });
        Assert.Contains("TextClassification", misplaced.GetProperty("Horizon")[0].GetString());
        Assert.Contains("maxTokens", misplaced.GetProperty("Horizon")[0].GetString()); // says which settings it has
        Assert.True(
            (await RefusedAsync(new { datasetId = text, task = "TextClassification", features = new[] { "text" } })).TryGetProperty(
                "Features", out _));
        Assert.True(
            (await RefusedAsync(new { datasetId = text, task = "TextClassification", target = "sentiment" })).TryGetProperty(
                "Target", out _));
        Assert.Contains(
            "not in the dataset", (await RefusedAsync(new { datasetId = table, target = "tonnage" })).GetProperty("Target")[0].GetString());
        Assert.True((await RefusedAsync(new { datasetId = table, epochz = 5 })).TryGetProperty("Epochz", out _));
        Assert.Contains(
            "whole number", (await RefusedAsync(new { datasetId = table, epochs = "ten" })).GetProperty("Epochs")[0].GetString());
        Assert.Contains(
            "BagOfEmbeddings", (await RefusedAsync(new { datasetId = text, task = "TextClassification", model = 1 })).GetProperty(
                "Model")[0].GetString());
        Assert.Contains("Linear", (await RefusedAsync(new { datasetId = table, model = "BiGru" })).GetProperty("Model")[0].GetString());
        Assert.True((await RefusedAsync(new { datasetId = "not-an-id" })).TryGetProperty("DatasetId", out _));
        Assert.True((await RefusedAsync(new { task = "Regression" })).TryGetProperty("DatasetId", out _));

        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Runs.CountAsync());
        // Refusals reached by the service are audited as failed submits; those refused at reading never reach it.
        Assert.Equal(8, await db.AuditLog.CountAsync(e => e.Action == AuditActions.RunSubmit && e.Outcome == AuditOutcome.Failure));
    }
}
