using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Accounts;
using Portal.Core.Features.Runs;
using Portal.IntegrationTests.Infrastructure;
using Portal.Runs.Planning;
using Portal.Runs.Starting;
using Portal.Training.Text;

namespace Portal.IntegrationTests.Runs;

/// <summary>
/// A labelled-text corpus that cannot train is refused when the run is asked for, naming what is wrong in it, and no
/// run is stored; a text run proposed on an imbalanced corpus weights its classes, and "train again with balanced
/// classes" does what it says.
/// </summary>
public sealed class TextCorpusChecksTests : IAsyncLifetime
{
    private readonly PortalFactory factory = new();
    private HttpClient client = default!;
    private string analystId = string.Empty;

    public async Task InitializeAsync()
    {
        var analyst = await factory.CreateUserAsync("corpus@test.local", "willow lantern granite 2026", Roles.Analyst);
        analystId = analyst.Id;
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

    private async Task<Guid> UploadAsync(string name, string csv)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", name);
        var response = await client.PostAsync("/api/datasets?kind=LabelledText", form);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
    }

    private static string Corpus(Func<int, string> label) =>
        "text,label\n" + string.Concat(Enumerable.Range(0, 60).Select(i => $"\"report number {i} on trade and policy\",{label(i)}\n"));

    private async Task<int> RunsAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.Runs.CountAsync();
    }

    [Fact]
    public async Task Labels_written_two_ways_or_with_a_single_text_are_refused_by_name_and_nothing_is_stored()
    {
        var dataset = await UploadAsync("labels.csv", Corpus(i => i == 0 ? "lonely" : i % 3 == 0 ? "Positive" : i % 3 == 1 ? "positive" : "neutral"));

        var response = await client.PostAsJsonAsync("/api/runs", new { datasetId = dataset, task = "TextClassification" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var codes = problem.GetProperty("codes").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains("Label.Variants", codes);
        Assert.Contains("Label.SingleText", codes);
        var messages = problem.GetProperty("errors").GetProperty("LabelColumn").EnumerateArray().Select(m => m.GetString()!).ToList();
        Assert.Contains(messages, m => m.Contains("'Positive' / 'positive'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("'lonely'", StringComparison.Ordinal));
        Assert.Equal(0, await RunsAsync());
    }

    [Fact]
    public async Task An_imbalanced_corpus_is_proposed_with_balanced_classes_and_a_retry_can_ask_for_them()
    {
        var imbalanced = await UploadAsync("imbalanced.csv", Corpus(i => i % 10 == 0 ? "rare" : "common"));
        var even = await UploadAsync("even.csv", Corpus(i => i % 2 == 0 ? "one" : "other"));
        await using var scope = factory.Services.CreateAsyncScope();
        var submissions = scope.ServiceProvider.GetRequiredService<RunSubmissionService>();

        var proposed = (await submissions.ProposeTaskAsync(analystId, imbalanced, RunTask.TextClassification))!.Specification;
        var evenProposal = (await submissions.ProposeTaskAsync(analystId, even, RunTask.TextClassification))!.Specification;
        Assert.True(proposed.Hyperparameters.BalanceClasses); // 54 : 6
        Assert.False(evenProposal.Hyperparameters.BalanceClasses);
        Assert.Equal(TextModel.Auto, Assert.IsType<TextSpecification>(proposed).Model);

        var created = await client.PostAsJsonAsync(
            "/api/runs", new { datasetId = imbalanced, task = "TextClassification", balanceClasses = false, epochs = 1 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var first = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        var retried = await submissions.RetryAsync(analystId, first, balanceClasses: true);

        Assert.True(retried.Succeeded, string.Join(" ", retried.Problems.Select(p => p.Message)));
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var runs = await db.Runs.AsNoTracking().ToListAsync();
        Assert.False(TaskPlans.Read(runs.Single(r => r.Id == first)).Hyperparameters.BalanceClasses);
        Assert.True(TaskPlans.Read(runs.Single(r => r.Id == retried.Run!.Id)).Hyperparameters.BalanceClasses);
    }
}
