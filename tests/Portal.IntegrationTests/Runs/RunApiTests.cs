using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Accounts;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests.Runs;

/// <summary>The REST API as a script uses it: personal access tokens, runs, metrics, models, problem details.</summary>
public sealed class RunApiTests : IAsyncLifetime
{
    private readonly PortalFactory factory = new();
    private PortalUser analyst = default!;
    private PortalUser other = default!;

    public async Task InitializeAsync()
    {
        analyst = await factory.CreateUserAsync("analyst@test.local", "river stone lantern 2026", Roles.Analyst);
        other = await factory.CreateUserAsync("other@test.local", "amber fields of june", Roles.Analyst);
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private async Task<CreatedAccessToken> TokenAsync(PortalUser user, int days = 30)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<AccessTokenService>().CreateAsync(user.Id, "script", days))!;
    }

    private HttpClient Client(string? token)
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static async Task<Guid> UploadTradePanelAsync(HttpClient client)
    {
        using var form = new MultipartFormDataContent();
        var file = new StreamContent(File.OpenRead(Path.Combine(AppContext.BaseDirectory, "samples", "trade-panel.csv")));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "trade-panel.csv");
        var response = await client.PostAsync("/api/datasets", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task A_script_with_a_token_uploads_a_dataset_starts_a_run_follows_it_and_downloads_the_model()
    {
        var token = await TokenAsync(analyst);
        Assert.StartsWith("cpat_", token.Secret);
        using var client = Client(token.Secret); // no client header needed with a token
        var datasetId = await UploadTradePanelAsync(client);

        var created = await client.PostAsJsonAsync("/api/runs", new { datasetId, name = "api run", model = "Linear", epochs = 6 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var runId = (await JsonAsync(created)).GetProperty("id").GetGuid();
        Assert.Equal($"/api/runs/{runId}", created.Headers.Location?.OriginalString);

        JsonElement run;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await Task.Delay(200);
            run = await JsonAsync(await client.GetAsync($"/api/runs/{runId}"));
        }
        while (run.GetProperty("status").GetString() is "Queued" or "Running" && DateTime.UtcNow < deadline);

        Assert.Equal("Succeeded", run.GetProperty("status").GetString());
        Assert.Equal("trade_volume_mn", run.GetProperty("specification").GetProperty("target").GetString());
        Assert.Equal(6, run.GetProperty("metrics").GetProperty("validation_loss").GetArrayLength());
        var result = run.GetProperty("result");
        Assert.True(result.GetProperty("headline").GetDouble() > result.GetProperty("baselineHeadline").GetDouble());

        var model = await client.GetAsync($"/api/runs/{runId}/model");
        Assert.Equal(HttpStatusCode.OK, model.StatusCode);
        Assert.Equal("application/zip", model.Content.Headers.ContentType?.MediaType);
        var bytes = await model.Content.ReadAsByteArrayAsync();
        Assert.Equal((byte)'P', bytes[0]);
        Assert.Equal((byte)'K', bytes[1]);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var downloads = await scope.ServiceProvider.GetRequiredService<Portal.Core.Features.Audit.AuditLog>()
                .ListAsync(null, Portal.Core.Features.Audit.AuditActions.Download, null, null, 0, 50);
            Assert.EndsWith(".zip", Assert.Single(downloads, d => d.Target == $"/api/runs/{runId}/model").Detail); // audited, by token too
        }

        var list = await JsonAsync(await client.GetAsync("/api/runs?status=Succeeded"));
        Assert.Equal(1, list.GetProperty("total").GetInt32());

        // Someone else's token sees none of it: 404, not 403, and no content.
        using var stranger = Client((await TokenAsync(other)).Secret);
        foreach (var url in new[] { $"/api/runs/{runId}", $"/api/runs/{runId}/model", $"/api/datasets/{datasetId}" })
        {
            var response = await stranger.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/runs/{runId}/cancel", null)).StatusCode);
        var onTheirDataset = await stranger.PostAsJsonAsync("/api/runs", new { datasetId });
        Assert.Equal(HttpStatusCode.NotFound, onTheirDataset.StatusCode);

        // Cancelling a finished run is a conflict, not a success.
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/runs/{runId}/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task Settings_out_of_range_get_a_problem_detail_naming_each_field_and_nothing_is_queued()
    {
        using var client = Client((await TokenAsync(analyst)).Secret);
        var datasetId = await UploadTradePanelAsync(client);

        var response = await client.PostAsJsonAsync("/api/runs", new { datasetId, learningRate = 50.0, dropout = 1.5, model = "Forest" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await JsonAsync(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty("Model", out _)); // unknown names first

        response = await client.PostAsJsonAsync("/api/runs", new { datasetId, learningRate = 50.0, dropout = 1.5, target = "origin", task = "Regression", features = new[] { "year" } });
        problem = await JsonAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = problem.GetProperty("errors");
        Assert.Contains("LearningRate must be greater than 0 and at most 10", errors.GetProperty("LearningRate")[0].GetString());
        Assert.True(errors.TryGetProperty("Dropout", out _));
        Assert.Contains("not numbers", errors.GetProperty("Target")[0].GetString());

        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Runs.CountAsync());
    }

    [Fact]
    public async Task Revoked_expired_unknown_and_missing_tokens_get_401()
    {
        var revoked = await TokenAsync(analyst);
        var expired = await TokenAsync(analyst);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<AccessTokenService>().RevokeAsync(analyst.Id, revoked.Token.Id));
            Assert.False(await scope.ServiceProvider.GetRequiredService<AccessTokenService>().RevokeAsync(other.Id, expired.Token.Id)); // not theirs
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            await db.AccessTokens.Where(t => t.Id == expired.Token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
            Assert.DoesNotContain(await db.AccessTokens.Select(t => t.Hash).ToListAsync(), h => h.Contains(revoked.Secret[5..], StringComparison.Ordinal)); // stored hashed
        }

        foreach (var token in new[] { revoked.Secret, expired.Secret, "cpat_" + new string('x', 43), null })
        {
            using var client = Client(token);
            var response = await client.GetAsync("/api/runs");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using var valid = Client((await TokenAsync(analyst)).Secret);
        Assert.Equal(HttpStatusCode.OK, (await valid.GetAsync("/api/runs")).StatusCode);
    }

    [Fact]
    public async Task A_viewers_token_carries_a_viewers_rights_and_a_signed_in_browser_needs_the_client_header_to_write()
    {
        var viewer = await factory.CreateUserAsync("viewer@test.local", "quiet harbour morning", Roles.Viewer);
        using var viewerClient = Client((await TokenAsync(viewer)).Secret);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerClient.GetAsync("/api/runs")).StatusCode);

        var session = new PortalSession(factory.CreateBrowserLikeClient());
        await session.SignInAsync("analyst@test.local", "river stone lantern 2026");
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("/api/runs")).StatusCode);
        var forged = await session.Client.PostAsJsonAsync("/api/runs", new { datasetId = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("X-Concordia-Client", await forged.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Two_runs_of_one_dataset_left_unnamed_get_names_that_tell_them_apart()
    {
        using var client = Client((await TokenAsync(analyst)).Secret);
        var datasetId = await UploadTradePanelAsync(client);

        var names = new List<string?>();
        for (var i = 0; i < 2; i++)
        {
            var created = await client.PostAsJsonAsync("/api/runs", new { datasetId, model = "Linear", epochs = 1 });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            names.Add((await JsonAsync(created)).GetProperty("name").GetString());
        }

        Assert.Equal(["trade-panel · trade_volume_mn", "trade-panel · trade_volume_mn #2"], names);

        // The new-run page shows the next one as the name's placeholder: the name the run will get.
        var session = new PortalSession(factory.CreateBrowserLikeClient());
        await session.SignInAsync("analyst@test.local", "river stone lantern 2026");
        var page = await session.Client.GetStringAsync($"/runs/new?dataset={datasetId}");
        Assert.Contains("placeholder=\"trade-panel · trade_volume_mn #3\"", System.Net.WebUtility.HtmlDecode(page));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_run_and_dataset_endpoints()
    {
        using var client = Client(null);
        var document = await JsonAsync(await client.GetAsync("/api/openapi/v1.json"));

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/runs", out var runs));
        Assert.True(runs.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/runs/{id}/model", out _));
        Assert.True(paths.TryGetProperty("/api/datasets", out _));
        Assert.Equal("Concordia API", document.GetProperty("info").GetProperty("title").GetString());
        foreach (var path in new[]
        {
            "/api/datasets/{id}/download", "/api/datasets/{id}/preview", "/api/datasets/{id}/move", "/api/runs/{id}/scores",
            "/api/runs/{id}/scores/{scoreId}/file", "/api/runs/{id}/shares", "/api/shares/{shareId}", "/api/projects/{id}/members",
            "/api/me", "/api/admin/users/{id}/quota",
        })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }

        // Real response types, so that a generated client reads them; the pages' internal routes are not part of the API.
        var score = paths.GetProperty("/api/runs/{id}/scores").GetProperty("post").GetProperty("responses");
        Assert.True(score.TryGetProperty("200", out _) && score.TryGetProperty("202", out _));
        var created = paths.GetProperty("/api/datasets").GetProperty("post").GetProperty("responses").GetProperty("201");
        Assert.Contains("DatasetDto", created.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetRawText());
        var names = paths.EnumerateObject().Select(p => p.Name).ToList();
        Assert.DoesNotContain(names, n => n.StartsWith("/Account", StringComparison.OrdinalIgnoreCase) || n.StartsWith("/culture"));
        Assert.DoesNotContain(names, n => n.StartsWith("/developers", StringComparison.Ordinal)); // the reference is not an endpoint

        // The token is declared, so the interactive reference offers a box for it; every operation is in a group named
        // for what it does and says what it does.
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("AccessToken");
        Assert.Equal(("http", "bearer"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()));
        foreach (var (path, operation) in paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(o => (p.Name, o))))
        {
            var tags = operation.Value.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToList();
            Assert.DoesNotContain("Portal.Web", tags);
            Assert.DoesNotContain(tags, t => t!.EndsWith("Endpoints", StringComparison.Ordinal) || t.StartsWith("Result", StringComparison.Ordinal));
            Assert.True(operation.Value.TryGetProperty("summary", out _), $"{operation.Name} {path} has no summary");
        }
    }

    [Fact]
    public async Task The_interactive_reference_is_for_signed_in_users_and_allows_only_its_own_nonced_script()
    {
        using var anonymous = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var refused = await anonymous.GetAsync("/developers/api/reference/");
        Assert.True(refused.StatusCode is System.Net.HttpStatusCode.Redirect or System.Net.HttpStatusCode.Unauthorized, refused.StatusCode.ToString());

        var token = await TokenAsync(analyst);
        using var client = Client(token.Secret);
        var page = await client.GetAsync("/developers/api/reference/");
        page.EnsureSuccessStatusCode();
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"en\">", html);
        var nonce = System.Text.RegularExpressions.Regex.Match(html, "nonce=\"([^\"]+)\"").Groups[1].Value;
        Assert.True(nonce.Length >= 16, "The inline script carries no nonce.");
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains($"script-src 'self' 'nonce-{nonce}'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", policy);
        var again = await (await client.GetAsync("/developers/api/reference/")).Content.ReadAsStringAsync();
        Assert.DoesNotContain($"nonce=\"{nonce}\"", again); // a fresh one per response
    }

    [Fact]
    public async Task A_script_uploads_a_series_into_a_project_and_starts_a_forecast_and_a_bad_project_stores_nothing()
    {
        var token = await TokenAsync(analyst);
        using var client = Client(token.Secret);
        Guid projectId;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            projectId = (await scope.ServiceProvider.GetRequiredService<Portal.Core.Features.Projects.ProjectService>().CreateAsync(analyst.Id, "Health desk", null)).Project!.Id;
        }

        HttpContent Series()
        {
            var form = new MultipartFormDataContent();
            var file = new StreamContent(File.OpenRead(Path.Combine(AppContext.BaseDirectory, "samples", "epidemic-daily.csv")));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "file", "epidemic-daily.csv");
            return form;
        }

        var refused = await client.PostAsync($"/api/datasets?projectId={Guid.NewGuid()}", Series());
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            Assert.Equal(0, await db.Datasets.CountAsync());
        }

        var uploaded = await client.PostAsync($"/api/datasets?projectId={projectId}", Series());
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var dataset = await JsonAsync(uploaded);
        Assert.Equal(projectId, dataset.GetProperty("projectId").GetGuid());

        var created = await client.PostAsJsonAsync("/api/runs", new { datasetId = dataset.GetProperty("id").GetGuid(), task = "Forecasting", target = "tests", epochs = 5, projectId });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var run = await JsonAsync(created);
        Assert.Equal("Forecasting", run.GetProperty("task").GetString());
        Assert.Equal(projectId, run.GetProperty("projectId").GetGuid());
        var read = await JsonAsync(await client.GetAsync($"/api/runs/{run.GetProperty("id").GetGuid()}"));
        Assert.Equal("tests", read.GetProperty("specification").GetProperty("target").GetString());
        Assert.Equal("date", read.GetProperty("specification").GetProperty("timeColumn").GetString());

        var wrongTask = await client.PostAsJsonAsync("/api/runs", new { datasetId = dataset.GetProperty("id").GetGuid(), task = "EntityRecognition" });
        Assert.Equal(HttpStatusCode.NotFound, wrongTask.StatusCode); // a table cannot train entities
        var unknownTask = await client.PostAsJsonAsync("/api/runs", new { datasetId = dataset.GetProperty("id").GetGuid(), task = "Poetry" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownTask.StatusCode);
        Assert.Contains("TextClassification", await unknownTask.Content.ReadAsStringAsync());
    }
}
